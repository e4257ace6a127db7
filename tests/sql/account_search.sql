-- params: {"limit": 20, "needle": "杭州", "provinces": ["浙江", "山西", "中央"]}
WITH hits AS (SELECT DISTINCT platform, account_id FROM read_parquet($files)
              WHERE list_contains($provinces, province) AND (contains(lower(account_name), lower($needle)) OR account_id = $needle))
SELECT * FROM (
    SELECT platform, account_id, arg_max(account_name, snapshot_date) AS account_name,
           arg_max(province, snapshot_date) AS province, arg_max(city, snapshot_date) AS city,
           arg_max(followers, snapshot_date) AS followers, max(snapshot_date) AS last_seen
    FROM read_parquet($files) SEMI JOIN hits USING (platform, account_id)
    GROUP BY platform, account_id) AS found
-- Ties broken by the key, so that every engine returns the same rows under the limit.
ORDER BY (account_name = $needle) DESC, followers DESC, platform, account_id
LIMIT $limit
