-- params: {"provinces": ["浙江", "中央"]}
WITH b AS (SELECT date_trunc('month', day)::DATE AS period, coalesce(kind, 'unknown') AS kind, count(*) AS works
           FROM read_parquet($posts) WHERE list_contains($provinces, province) GROUP BY ALL)
SELECT period, kind, works, works::DOUBLE / sum(works) OVER (PARTITION BY period) AS share
FROM b ORDER BY period, works DESC, kind
