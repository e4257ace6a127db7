"""Entry point for `python -m analytics`."""

import os
import sys

from analytics.cli import main

code = main()
# Leave without interpreter finalisation: Arrow's, DuckDB's and deltalake's native thread pools can
# still be winding down then, and tearing them down aborted the process ("terminate called without an
# active exception", exit 134) after a rejected ingest. The exit code is the command's answer, always.
sys.stdout.flush()
sys.stderr.flush()
os._exit(code)
