"""The benchmarks: speed and memory of ingest, views, the briefing deck, uploads, a national data set and
many sessions at once, each printed against a floor (a bare write, minimal SQL, pandas, a one-chart app).
They are read by people: no test asserts a time. `python -m bench --help` lists them."""
