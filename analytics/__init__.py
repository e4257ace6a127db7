"""Analytics core for the 政务新媒体 dashboard, with no UI code: the store and its ingest, the query engine, the views,
page specs and their outputs, supervision, events, access and the actions that change state, and the command line."""

__version__ = "0.1.0"
