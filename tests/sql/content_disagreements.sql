-- params: {"limit": 200, "provinces": ["浙江", "中央"]}
WITH p AS (SELECT platform, account_id, day FROM read_parquet($posts) WHERE list_contains($provinces, province)),
             r AS (
    WITH acc AS (SELECT DISTINCT platform, account_id FROM p),
         s AS (SELECT platform, account_id, account_name, snapshot_date, coalesce(period_days, 7) AS period, posts
               FROM (SELECT * FROM read_parquet($files) WHERE list_contains($provinces, province)) SEMI JOIN acc USING (platform, account_id)),
         c AS (SELECT s.platform, s.account_id, s.account_name, s.snapshot_date, s.posts AS snapshot_posts,
                      count(p.day) AS counted_posts
               FROM s LEFT JOIN p ON p.platform = s.platform AND p.account_id = s.account_id
                                 AND p.day BETWEEN s.snapshot_date - (s.period - 1) AND s.snapshot_date
               GROUP BY ALL),
         covered AS (SELECT DISTINCT snapshot_date FROM c WHERE counted_posts > 0)
    SELECT c.* FROM c SEMI JOIN covered USING (snapshot_date)
)
        SELECT *, counted_posts - snapshot_posts AS difference FROM r WHERE snapshot_posts <> counted_posts
        ORDER BY abs(counted_posts - snapshot_posts) DESC, snapshot_date DESC, platform, account_id LIMIT $limit
