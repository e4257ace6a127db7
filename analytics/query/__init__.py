"""The query layer: Filters, the engine with its result cache and scope, the backends that run its SQL (DuckDB, Spark),
the `read_parquet($name)` sources convention, and what the data holds."""
