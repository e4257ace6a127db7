-- params: {"check": "2024-07-10", "provinces": ["浙江", "山西", "中央"]}
WITH cur AS (SELECT platform, account_id, account_name, province, city, level, sector, agency
             FROM read_parquet($files) WHERE list_contains($provinces, province) AND snapshot_date = $check),
     h AS (SELECT platform, account_id, min(snapshot_date) AS first_seen,
                  max(snapshot_date) FILTER (WHERE posts > 0) AS last_post,
                  coalesce(sum(posts) FILTER (WHERE snapshot_date > $check - INTERVAL 14 DAY), 0) AS recent_posts
           FROM read_parquet($files) WHERE list_contains($provinces, province) AND snapshot_date <= $check GROUP BY ALL)
SELECT cur.*, h.first_seen, $check::DATE AS last_seen, h.last_post, h.recent_posts, h.recent_posts > 0 AS passed,
       date_diff('day', coalesce(h.last_post, h.first_seen), $check) AS days_quiet,
       (coalesce(h.last_post, DATE '1900-01-01') <= $check - INTERVAL 90 DAY
        AND h.first_seen <= $check - INTERVAL 89 DAY) AS dormant
FROM cur JOIN h USING (platform, account_id)
ORDER BY passed, days_quiet DESC, platform, account_id
