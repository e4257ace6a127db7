-- params: {"account_id": "a", "platform": "weibo"}
SELECT platform, account_id, account_name, province, city, level, sector, agency, first_seen, last_seen,
       last_post, (SELECT max(last_seen) FROM read_parquet($accounts)) AS data_end
FROM read_parquet($accounts) WHERE platform = $platform AND account_id = $account_id
