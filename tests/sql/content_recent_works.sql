-- params: {"acc_id": "x", "acc_platform": "weibo", "end": "2024-07-10", "provinces": ["浙江", "中央"], "start": "2024-06-20", "top": 20}
SELECT row_number() OVER (ORDER BY published_at DESC, post_id) AS rank, platform, post_id,
       coalesce(title, excerpt) AS title, url, account_id, account_name, published_at, time_known, kind, reads,
       interactions, likes, comments, shares, is_original
FROM read_parquet($posts) WHERE list_contains($provinces, province) AND day >= $start AND day <= $end AND platform = $acc_platform AND account_id = $acc_id
ORDER BY published_at DESC, post_id LIMIT $top
