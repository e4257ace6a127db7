-- params: {"check": "2024-07-10", "provinces": ["浙江", "山西", "中央"]}
SELECT province, coalesce(city, '') AS city, coalesce(level, '') AS level, platform, sum(accounts) AS accounts,
       sum(followers) AS followers
FROM read_parquet($rollup) WHERE list_contains($provinces, province) AND snapshot_date = $check
GROUP BY ALL ORDER BY province, city, level, platform
