-- params: {"check": "2024-07-10", "provinces": ["浙江", "山西", "中央"], "quarter": "2024-07-01", "warn": 10}
WITH r AS (SELECT platform, account_id, snapshot_date, posts, coalesce(period_days, 7) AS period
           FROM read_parquet($files) WHERE list_contains($provinces, province) AND snapshot_date <= $check
                AND snapshot_date > least($quarter, $check - INTERVAL 14 DAY) - INTERVAL 14 DAY),
     cur AS (SELECT platform, account_id, account_name, province, city, level, sector, agency
             FROM read_parquet($files) WHERE list_contains($provinces, province) AND snapshot_date = $check),
     h AS (SELECT platform, account_id, max(snapshot_date) FILTER (WHERE posts > 0) AS last_post,
                  max(snapshot_date - (period - 1)) FILTER (WHERE posts > 0) AS last_post_from,
                  coalesce(sum(posts) FILTER (WHERE snapshot_date > $check - INTERVAL 14 DAY), 0)
                      AS recent_posts
           FROM r GROUP BY platform, account_id),
     w AS (SELECT *, sum(posts) OVER (PARTITION BY platform, account_id ORDER BY snapshot_date
                                      RANGE BETWEEN INTERVAL 13 DAY PRECEDING AND CURRENT ROW)
                         AS window_posts,
                  sum(CASE WHEN posts > 0 THEN 1 ELSE 0 END) OVER (PARTITION BY platform, account_id
                      ORDER BY snapshot_date ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS stretch
           FROM r WHERE snapshot_date > $quarter - INTERVAL 14 DAY),
     q AS (SELECT platform, account_id,
                  coalesce(sum(period) FILTER (WHERE window_posts = 0 AND snapshot_date >= $quarter), 0) AS days_out
           FROM w GROUP BY platform, account_id),
     g AS (SELECT platform, account_id, max(quiet) AS longest_gap
           FROM (SELECT platform, account_id, stretch, sum(period) AS quiet FROM w
                 WHERE posts = 0 AND snapshot_date >= $quarter GROUP BY platform, account_id, stretch) AS runs
           GROUP BY platform, account_id),
     x AS (SELECT platform, account_id, max(published_at) AS last_post_at,
                       coalesce(max(CASE WHEN time_known THEN published_at END) = max(published_at), false)
                           AS time_known
                FROM read_parquet($posts) WHERE list_contains($provinces, province) AND day <= $check GROUP BY ALL),
     e AS (SELECT h.*, x.last_post_at, coalesce(x.time_known, false) AS last_post_time_known, CASE WHEN x.last_post_at IS NOT NULL AND (h.last_post IS NULL
         OR CAST(x.last_post_at AS DATE) >= h.last_post - INTERVAL 6 DAY) THEN 'post' ELSE 'week' END AS basis
           FROM h LEFT JOIN x USING (platform, account_id)),
     k AS (SELECT *, CASE WHEN basis = 'post' THEN CAST(last_post_at AS DATE) ELSE last_post END AS seen_to,
                  CASE WHEN basis = 'post' THEN CAST(last_post_at AS DATE) ELSE last_post_from END AS seen_from,
                  CASE WHEN basis = 'post' THEN CAST(last_post_at AS DATE) > $check - INTERVAL 14 DAY
                       ELSE recent_posts > 0 END AS passing
           FROM e)
SELECT cur.*, k.last_post, k.last_post_at, k.last_post_time_known, k.basis,
       date_diff('day', k.seen_to, $check) AS quiet_min, date_diff('day', k.seen_from, $check) AS quiet_max,
       k.seen_from + INTERVAL 14 DAY AS fails_on,
       date_diff('day', $check, k.seen_from + INTERVAL 14 DAY) AS days_left,
       coalesce(g.longest_gap, 0) AS longest_gap, coalesce(q.days_out, 0) AS days_out
FROM cur JOIN k USING (platform, account_id)
     LEFT JOIN q USING (platform, account_id) LEFT JOIN g USING (platform, account_id)
WHERE k.passing AND date_diff('day', k.seen_from, $check) >= $warn
ORDER BY days_left, quiet_max DESC, platform, account_id
