#!/usr/bin/env bash
# Install everything the tests need (Python packages in .venv; Debian's chromium, CJK fonts, nginx, Java and
# LibreOffice) and run them all.
# Extra arguments go to pytest, e.g. scripts/test.sh -m "not browser" for a quick local run.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/setup.sh
ensure_venv -r requirements.txt -r requirements-dev.txt -r requirements-spark.txt
ensure_browser_and_fonts
ensure_nginx
ensure_java
ensure_office
exec .venv/bin/python -m pytest "$@"
