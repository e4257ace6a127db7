-- params: {"end": "2024-07-10", "provinces": ["浙江", "山西", "中央"], "start": "2024-01-01"}
WITH b AS (SELECT NULL::DATE AS period, province, platform, sum(reads) AS value
        FROM read_parquet($rollup) WHERE snapshot_date >= $start AND snapshot_date <= $end AND list_contains($provinces, province) GROUP BY ALL)
SELECT province, platform, value::DOUBLE AS value,
       value::DOUBLE / nullif(sum(value) OVER (PARTITION BY province), 0) AS share
FROM b ORDER BY province, platform
