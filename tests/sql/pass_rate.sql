-- params: {"check": "2024-07-10", "provinces": ["浙江", "山西", "中央"]}
SELECT province AS grp, sum(accounts) AS accounts, sum(compliant) AS passed,
       sum(accounts) - sum(compliant) AS failed, sum(compliant)::DOUBLE / sum(accounts) AS rate,
       sum(dormant) AS dormant
FROM read_parquet($rollup) WHERE list_contains($provinces, province) AND snapshot_date = $check
GROUP BY ALL ORDER BY rate, grp
