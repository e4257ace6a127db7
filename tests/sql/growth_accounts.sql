-- params: {"end": "2024-07-10", "provinces": ["浙江", "山西", "中央"], "start": "2024-01-01"}
WITH b AS (WITH r AS (SELECT *, make_date(year(snapshot_date), CASE WHEN month(snapshot_date) <= 6 THEN 1 ELSE 7 END, 1) AS period FROM read_parquet($rollup) WHERE snapshot_date >= $start AND snapshot_date <= $end AND list_contains($provinces, province)),
                 ends AS (SELECT period, max(snapshot_date) AS d FROM r GROUP BY ALL)
            SELECT r.period, platform AS series, sum(accounts) AS value
            FROM r JOIN ends ON r.period IS NOT DISTINCT FROM ends.period AND r.snapshot_date = ends.d
            GROUP BY ALL)
SELECT period, series, value::DOUBLE AS scale,
       value - lag(value) OVER w AS increment,
       CASE WHEN lag(value) OVER w > 0 THEN value::DOUBLE / lag(value) OVER w - 1 END AS rate
FROM b WINDOW w AS (PARTITION BY series ORDER BY period)
ORDER BY period, series
