-- params: {"end": "2024-07-10", "provinces": ["浙江", "山西", "中央"], "start": "2024-01-01"}
WITH b AS (SELECT NULL::DATE AS period, province, sum(followers) AS value FROM read_parquet($rollup)
            WHERE snapshot_date >= $start AND snapshot_date <= $end AND list_contains($provinces, province) AND snapshot_date = (SELECT max(snapshot_date) FROM read_parquet($rollup) WHERE snapshot_date >= $start AND snapshot_date <= $end AND list_contains($provinces, province))
            GROUP BY ALL)
SELECT province, value::DOUBLE AS value,
       rank() OVER (ORDER BY value DESC) AS rank,
       value::DOUBLE / nullif(sum(value) OVER (), 0) AS share
FROM b ORDER BY rank, province
