-- params: {"end": "2024-07-03", "provinces": ["浙江", "中央"], "start": "2024-06-27", "top": 10}
WITH p AS (SELECT *, rank() OVER (PARTITION BY platform ORDER BY reads DESC) AS rank FROM read_parquet($posts) WHERE list_contains($provinces, province) AND day >= $start AND day <= $end)
SELECT rank, platform, post_id, coalesce(title, excerpt) AS title, url, account_id, account_name, province,
       published_at, time_known, kind, reads, interactions, likes, comments, shares, is_original
FROM p WHERE rank <= $top
ORDER BY platform, rank, interactions DESC, published_at, post_id
