-- params: {"account_id": "a", "platform": "weibo"}
SELECT platform, account_id, arg_max(account_name, snapshot_date) AS account_name,
       arg_max(province, snapshot_date) AS province, arg_max(city, snapshot_date) AS city,
       arg_max(level, snapshot_date) AS level, arg_max(sector, snapshot_date) AS sector,
       arg_max(agency, snapshot_date) AS agency, min(snapshot_date) AS first_seen,
       max(snapshot_date) AS last_seen, max(snapshot_date) FILTER (WHERE posts > 0) AS last_post,
       (SELECT max(snapshot_date) FROM read_parquet($files)) AS data_end
FROM read_parquet($files) WHERE platform = $platform AND account_id = $account_id GROUP BY ALL
