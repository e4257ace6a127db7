"""One metric aggregated by any keys, optionally per time bucket: the SQL most views start from.

Stock metrics (followers, accounts) take the total on the last snapshot date in the bucket (or in
the range); flows are summed; active accounts are distinct accounts with a post. Stocks and flows
read the rollup; active accounts need the rows."""

from __future__ import annotations

from analytics.query.engine import where
from analytics.query.filters import Filters
from analytics.vocab import periods
from analytics.vocab.metrics import METRICS


def metric_sql(f: Filters, keys: str, bucketed: bool = True, metric: str | None = None) -> tuple[str, dict]:
    """SQL yielding (period, <keys>, value); `keys` are trusted SQL from the calling view."""
    m = METRICS[metric or f.metric]
    cond, params = where(f)
    bucket = periods.bucket_sql(f.granularity) if bucketed else "NULL::DATE"
    if m.kind == "distinct":
        return (f"""SELECT {bucket} AS period, {keys}, count(DISTINCT (platform, account_id)) FILTER (WHERE posts > 0) AS value
                    FROM read_parquet($files) WHERE {cond} GROUP BY ALL""", params)
    if m.kind == "stock" and not bucketed:
        # One date: comparing with a scalar lets the scan skip row groups by their date statistics.
        return (f"""SELECT NULL::DATE AS period, {keys}, sum({m.code}) AS value FROM read_parquet($rollup)
                    WHERE {cond} AND snapshot_date = (SELECT max(snapshot_date) FROM read_parquet($rollup) WHERE {cond})
                    GROUP BY ALL""", params)
    if m.kind == "stock":
        return (f"""WITH r AS (SELECT *, {bucket} AS period FROM read_parquet($rollup) WHERE {cond}),
                         ends AS (SELECT period, max(snapshot_date) AS d FROM r GROUP BY ALL)
                    SELECT r.period, {keys}, sum({m.code}) AS value
                    FROM r JOIN ends ON r.period IS NOT DISTINCT FROM ends.period AND r.snapshot_date = ends.d
                    GROUP BY ALL""", params)
    return (f"""SELECT {bucket} AS period, {keys}, sum({m.code}) AS value
                FROM read_parquet($rollup) WHERE {cond} GROUP BY ALL""", params)
