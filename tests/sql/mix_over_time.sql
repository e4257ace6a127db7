-- params: {"end": "2024-07-10", "provinces": ["浙江", "山西", "中央"], "start": "2024-01-01"}
WITH b AS (WITH r AS (SELECT *, date_trunc('month', snapshot_date)::DATE AS period FROM read_parquet($rollup) WHERE snapshot_date >= $start AND snapshot_date <= $end AND list_contains($provinces, province)),
                 ends AS (SELECT period, max(snapshot_date) AS d FROM r GROUP BY ALL)
            SELECT r.period, platform, sum(followers) AS value
            FROM r JOIN ends ON r.period IS NOT DISTINCT FROM ends.period AND r.snapshot_date = ends.d
            GROUP BY ALL)
SELECT period, platform, value::DOUBLE AS value,
       value::DOUBLE / nullif(sum(value) OVER (PARTITION BY period), 0) AS share
FROM b ORDER BY period, platform
