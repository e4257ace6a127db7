#!/usr/bin/env bash
# Install the dashboard into .venv and start it on the bundled sample data (loaded into ./data on first start).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/setup.sh
ensure_venv -r requirements.txt
ensure_browser_and_fonts || echo "warning: chromium/fonts-noto-cjk not installed; PNG and PPTX export will not work" >&2
exec .venv/bin/streamlit run dashboard.py "$@"
