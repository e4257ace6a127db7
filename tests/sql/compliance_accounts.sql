-- params: {"check": "2024-07-10", "provinces": ["浙江", "山西", "中央"]}
WITH a AS (
    SELECT platform, account_id, arg_max(account_name, snapshot_date) AS account_name,
           arg_max(province, snapshot_date) AS province, arg_max(city, snapshot_date) AS city,
           arg_max(level, snapshot_date) AS level, arg_max(sector, snapshot_date) AS sector,
           min(snapshot_date) AS first_seen, max(snapshot_date) AS last_seen,
           max(snapshot_date) FILTER (WHERE posts > 0) AS last_post,
           coalesce(sum(posts) FILTER (WHERE snapshot_date > $check - INTERVAL 14 DAY), 0) AS recent_posts
    FROM read_parquet($files) WHERE list_contains($provinces, province) AND snapshot_date <= $check
    GROUP BY ALL)
SELECT *, recent_posts > 0 AS passed,
       date_diff('day', coalesce(last_post, first_seen), $check) AS days_quiet,
       (coalesce(last_post, DATE '1900-01-01') <= $check - INTERVAL 90 DAY
        AND first_seen <= $check - INTERVAL 89 DAY) AS dormant
FROM a WHERE last_seen = $check
ORDER BY passed, days_quiet DESC, platform, account_id
