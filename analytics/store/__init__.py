"""The snapshot store: reading and validating uploads, the Delta table, the rollup, ingest."""
