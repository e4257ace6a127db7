#!/usr/bin/env bash
# Install everything the tests need (Python packages in .venv; Debian's chromium, CJK fonts, nginx, Java and
# LibreOffice) and run them, in parallel on every core (pytest-xdist).
#   scripts/test.sh            everything: what CI runs (.ci/run)
#   scripts/test.sh quick      the edit loop: no slow, browser or Spark tests
#   scripts/test.sh commit     before a commit: everything but the browser and Spark tests
# Further arguments go to pytest, e.g. scripts/test.sh quick tests/test_query.py -x
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/setup.sh
tier=all
case "${1:-}" in
  quick|commit|all) tier=$1; shift ;;
esac
ensure_venv -r requirements.txt -r requirements-dev.txt -r requirements-spark.txt
marks=()
case "$tier" in
  quick) marks=(-m "not slow and not browser and not spark") ;;
  commit) marks=(-m "not browser and not spark") ;;
  all)
    ensure_browser_and_fonts
    ensure_nginx
    ensure_java
    ensure_office
    ;;
esac
# One worker per core: a third worker was measured slower (25 min against 22) as the waiting tests compete for the same two cores.
workers=${GOVMEDIA_TEST_WORKERS:-$(nproc)}
exec .venv/bin/python -m pytest -n "$workers" --dist loadfile --durations=20 "${marks[@]}" "$@"
