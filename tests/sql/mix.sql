-- params: {"end": "2024-07-10", "provinces": ["浙江", "山西", "中央"], "start": "2024-01-01"}
WITH r AS (SELECT * FROM read_parquet($rollup) WHERE snapshot_date >= $start AND snapshot_date <= $end AND list_contains($provinces, province)),
     stock AS (SELECT platform, sum(accounts) AS accounts, sum(followers) AS followers
               FROM r WHERE snapshot_date = (SELECT max(snapshot_date) FROM r) GROUP BY ALL),
     flow AS (SELECT platform, sum(reads) AS reads, sum(interactions) AS interactions FROM r GROUP BY ALL),
     m AS (SELECT platform, coalesce(s.accounts, 0) AS accounts, coalesce(s.followers, 0) AS followers,
                  f.reads, f.interactions
           FROM flow f LEFT JOIN stock s USING (platform))
SELECT *, accounts::DOUBLE / nullif(sum(accounts) OVER (), 0) AS accounts_share, followers::DOUBLE / nullif(sum(followers) OVER (), 0) AS followers_share, reads::DOUBLE / nullif(sum(reads) OVER (), 0) AS reads_share, interactions::DOUBLE / nullif(sum(interactions) OVER (), 0) AS interactions_share FROM m ORDER BY followers DESC, platform
