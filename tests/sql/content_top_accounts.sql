-- params: {"end": "2024-07-03", "provinces": ["浙江", "中央"], "start": "2024-06-27", "top": 10}
WITH a AS (SELECT platform, account_id, any_value(account_name) AS account_name, count(*) AS works,
                  sum(reads) AS reads, sum(likes) AS likes, sum(comments) AS comments, sum(shares) AS shares
           FROM read_parquet($posts) WHERE list_contains($provinces, province) AND day >= $start AND day <= $end GROUP BY platform, account_id),
     r AS (SELECT *, row_number() OVER (PARTITION BY platform ORDER BY reads DESC, account_id) AS rank FROM a)
SELECT * FROM r WHERE rank <= $top ORDER BY platform, rank
