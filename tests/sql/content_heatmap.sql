-- params: {"acc_id": "y", "acc_platform": "douyin", "end": "2024-07-03", "provinces": ["浙江", "中央"], "start": "2024-06-27"}
SELECT date_diff('day', DATE '2000-01-03', CAST(published_at AS DATE)) % 7 AS weekday,
       hour(published_at) AS hour, count(*) AS works,
       sum(reads) AS reads, avg(reads) AS mean_reads, avg(interactions) AS mean_interactions
FROM read_parquet($posts) WHERE list_contains($provinces, province) AND day >= $start AND day <= $end AND platform = $acc_platform AND account_id = $acc_id AND time_known
GROUP BY ALL ORDER BY weekday, hour
