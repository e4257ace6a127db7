-- params: {"end": "2024-07-10", "provinces": ["浙江", "山西", "中央"], "start": "2024-01-01"}
WITH b AS (WITH r AS (SELECT *, NULL::DATE AS period FROM read_parquet($rollup) WHERE snapshot_date >= $start AND snapshot_date <= $end AND list_contains($provinces, province)),
                 ends AS (SELECT period, max(snapshot_date) AS d FROM r GROUP BY ALL)
            SELECT r.period, province, sum(followers) AS value
            FROM r JOIN ends ON r.period IS NOT DISTINCT FROM ends.period AND r.snapshot_date = ends.d
            GROUP BY ALL)
SELECT province, value::DOUBLE AS value,
       rank() OVER (ORDER BY value DESC) AS rank,
       value::DOUBLE / nullif(sum(value) OVER (), 0) AS share
FROM b ORDER BY rank, province
