-- params: {"end": "2024-07-03", "provinces": ["浙江", "中央"], "start": "2024-06-27", "top": 20}
WITH t AS (SELECT * FROM read_parquet($post_terms)),
     docs AS (SELECT count(*)::DOUBLE AS n FROM read_parquet($posts)),
     df AS (SELECT word, count(DISTINCT (platform, post_id)) AS df FROM t GROUP BY word),
     sel AS (SELECT t.word, sum(t.n) AS tf, count(*) AS posts
             FROM t JOIN read_parquet($posts) p USING (platform, post_id) WHERE list_contains($provinces, p.province) AND p.day >= $start AND p.day <= $end GROUP BY t.word),
     total AS (SELECT sum(tf)::DOUBLE AS n FROM sel)
SELECT sel.word, sel.tf AS occurrences, sel.posts, df.df,
       sel.tf / total.n * ln(docs.n / df.df) AS score
FROM sel JOIN df USING (word), total, docs
ORDER BY score DESC, word LIMIT $top
