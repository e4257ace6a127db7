"""The query layer: Filters, the DuckDB engine with its result cache, what the data holds."""
