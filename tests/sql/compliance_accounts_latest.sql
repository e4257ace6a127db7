-- params: {"check": "2024-07-10", "provinces": ["浙江", "山西", "中央"]}
WITH cur AS (SELECT platform, account_id, account_name, province, city, level, sector, agency
             FROM read_parquet($files) WHERE list_contains($provinces, province) AND snapshot_date = $check),
     s AS (SELECT platform, account_id, first_seen, last_post FROM read_parquet($accounts) WHERE list_contains($provinces, province)),
     w AS (SELECT platform, account_id, sum(posts) AS recent_posts FROM read_parquet($files)
           WHERE list_contains($provinces, province) AND snapshot_date > $check - INTERVAL 14 DAY AND snapshot_date <= $check
           GROUP BY ALL),
     h AS (SELECT s.platform, s.account_id, s.first_seen, s.last_post, coalesce(w.recent_posts, 0) AS recent_posts
           FROM s LEFT JOIN w USING (platform, account_id)),
     x AS (SELECT platform, account_id, max(published_at) AS last_post_at,
                       coalesce(max(CASE WHEN time_known THEN published_at END) = max(published_at), false)
                           AS time_known
                FROM read_parquet($posts) WHERE list_contains($provinces, province) AND day <= $check GROUP BY ALL),
     e AS (SELECT h.*, x.last_post_at, coalesce(x.time_known, false) AS last_post_time_known,
                  CASE WHEN x.last_post_at IS NOT NULL AND (h.last_post IS NULL
         OR CAST(x.last_post_at AS DATE) >= h.last_post - INTERVAL 6 DAY) THEN 'post' ELSE 'week' END AS basis
           FROM h LEFT JOIN x USING (platform, account_id)),
     d AS (SELECT *, CASE WHEN basis = 'post' THEN CAST(last_post_at AS DATE) ELSE last_post END AS last_day FROM e)
SELECT cur.*, d.first_seen, $check::DATE AS last_seen, d.last_post, d.last_post_at, d.last_post_time_known,
       d.basis, d.recent_posts,
       CASE WHEN d.basis = 'post' THEN d.last_day > $check - INTERVAL 14 DAY
            ELSE d.recent_posts > 0 END AS passed,
       date_diff('day', coalesce(d.last_day, d.first_seen), $check) AS days_quiet,
       (coalesce(d.last_day, DATE '1900-01-01') <= $check - INTERVAL 90 DAY
        AND d.first_seen <= $check - INTERVAL 89 DAY) AS dormant
FROM cur JOIN d USING (platform, account_id)
ORDER BY passed, days_quiet DESC, platform, account_id
