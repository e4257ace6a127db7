-- params: {"end": "2024-07-10", "provinces": ["浙江", "山西", "中央"], "start": "2024-01-01"}
WITH r AS (SELECT *, date_trunc('month', snapshot_date)::DATE AS period FROM read_parquet($rollup) WHERE snapshot_date >= $start AND snapshot_date <= $end AND list_contains($provinces, province)),
     ends AS (SELECT period, max(snapshot_date) AS d FROM r GROUP BY ALL)
SELECT r.period, r.snapshot_date AS check_date, platform AS grp, sum(accounts) AS accounts,
       sum(compliant) AS passed, sum(compliant)::DOUBLE / sum(accounts) AS rate, sum(dormant) AS dormant
FROM r JOIN ends ON r.period = ends.period AND r.snapshot_date = ends.d
GROUP BY ALL ORDER BY period, grp
