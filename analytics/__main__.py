"""Entry point for `python -m analytics`."""

from .cli import main

raise SystemExit(main())
