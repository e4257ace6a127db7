-- params: {"end": "2024-07-03", "provinces": ["浙江", "中央"], "start": "2024-06-27", "ten_wan": 100000}
SELECT platform, count(*) AS works, count(DISTINCT (platform, account_id)) AS accounts,
       sum(reads) AS reads, sum(likes) AS likes, sum(comments) AS comments, sum(shares) AS shares,
       sum(interactions) AS interactions, count(*) FILTER (WHERE reads >= $ten_wan) AS ten_wan,
       count(*) FILTER (WHERE is_original) AS original, count(is_original) AS original_known,
       count(*) FILTER (WHERE is_original)::DOUBLE / nullif(count(is_original), 0) AS original_share,
       count(*) FILTER (WHERE NOT time_known) AS date_only
FROM read_parquet($posts) WHERE list_contains($provinces, province) AND day >= $start AND day <= $end
GROUP BY GROUPING SETS ((platform), ())
ORDER BY platform IS NULL, works DESC, platform
