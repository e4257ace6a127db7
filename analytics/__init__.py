"""Analytics core for the 政务新媒体 dashboard: store, ingest, views and figures, with no UI code."""

__version__ = "0.1.0"
