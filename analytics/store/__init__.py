"""The snapshot store: reading and validating uploads, the Delta table, the rollup and account summary, ingest, and the
versioned side tables kept beside the data."""
