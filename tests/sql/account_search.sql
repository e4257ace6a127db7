-- params: {"limit": 20, "needle": "杭州", "provinces": ["浙江", "山西", "中央"]}
SELECT platform, account_id, account_name, province, city, followers, last_seen
FROM read_parquet($accounts)
WHERE list_contains($provinces, province) AND (contains(lower(names), lower($needle)) OR account_id = $needle)
-- Ties broken by the key, so that every engine returns the same rows under the limit.
ORDER BY (account_name = $needle) DESC, followers DESC, platform, account_id
LIMIT $limit
