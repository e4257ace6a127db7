-- params: {"end": "2024-07-10", "provinces": ["浙江", "山西", "中央"], "start": "2024-01-01"}
WITH b AS (SELECT date_trunc('month', snapshot_date)::DATE AS period, level AS series, sum(reads) AS value
        FROM read_parquet($rollup) WHERE snapshot_date >= $start AND snapshot_date <= $end AND list_contains($provinces, province) GROUP BY ALL)
SELECT b.period, b.series, b.value::DOUBLE AS value,
       CASE WHEN lag(b.value) OVER w > 0 THEN b.value / lag(b.value) OVER w - 1 END AS pop,
       CASE WHEN p.value > 0 THEN b.value / p.value - 1 END AS yoy,
       avg(b.value) OVER (PARTITION BY b.series ORDER BY b.period ROWS BETWEEN 2 PRECEDING AND CURRENT ROW) AS rolling
FROM b LEFT JOIN b p ON p.series IS NOT DISTINCT FROM b.series
                    AND p.period = b.period - INTERVAL 1 YEAR
WINDOW w AS (PARTITION BY b.series ORDER BY b.period)
ORDER BY b.period, b.series
