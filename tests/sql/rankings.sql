-- params: {"end": "2024-07-03", "prev_start": "2024-06-20", "provinces": ["浙江", "山西", "中央"], "start": "2024-06-27", "top_n": 10}
WITH 
    src AS (SELECT *, CASE WHEN snapshot_date >= $start THEN 'cur' ELSE 'prev' END AS period FROM read_parquet($files) WHERE list_contains($provinces, province) AND snapshot_date BETWEEN $prev_start AND $end),
    days AS (SELECT period, sum(pd) AS d FROM (SELECT period, snapshot_date, max(period_days) AS pd
                                               FROM src GROUP BY ALL) GROUP BY ALL),
    acc AS (SELECT period, platform, account_id, arg_max(account_name, snapshot_date) AS account_name, arg_max(province, snapshot_date) AS province, arg_max(city, snapshot_date) AS city, arg_max(level, snapshot_date) AS level, arg_max(sector, snapshot_date) AS sector, arg_max(agency, snapshot_date) AS agency,
                   arg_max(followers, snapshot_date) AS followers,
                   sum(posts) AS n, sum(reads) AS r, CASE WHEN count(watching) = count(*) THEN sum(watching) END AS z, sum(likes) AS l,
                   sum(comments) AS c, sum(shares) AS s, CASE WHEN count(headline_reads) = count(*) THEN sum(headline_reads) END AS rt,
                   CASE WHEN count(max_reads) = count(*) THEN max(max_reads) END AS rmax
            FROM src GROUP BY ALL),
    scored AS (SELECT acc.*, days.d, (CASE WHEN platform IN ('wechat') THEN (CASE WHEN n > 0 THEN pow(0.6*(0.70*ln((CASE WHEN d > 0 THEN (r)::DOUBLE / (d) ELSE 0 END)+1) + 0.09*ln(10*(CASE WHEN d > 0 THEN (coalesce(z, l))::DOUBLE / (d) ELSE 0 END)+1) + 0.06*ln(10*(CASE WHEN d > 0 THEN (l)::DOUBLE / (d) ELSE 0 END)+1) + 0.15*ln(10*(CASE WHEN d > 0 THEN (s)::DOUBLE / (d) ELSE 0 END)+1)) + 0.2*(0.70*ln((CASE WHEN n > 0 THEN (r)::DOUBLE / (n) ELSE 0 END)+1) + 0.09*ln(10*(CASE WHEN n > 0 THEN (coalesce(z, l))::DOUBLE / (n) ELSE 0 END)+1) + 0.06*ln(10*(CASE WHEN n > 0 THEN (l)::DOUBLE / (n) ELSE 0 END)+1) + 0.15*ln(10*(CASE WHEN n > 0 THEN (s)::DOUBLE / (n) ELSE 0 END)+1)) + 0.1*(0.70*ln((CASE WHEN d > 0 THEN (coalesce(rt, (CASE WHEN n > 0 THEN (r)::DOUBLE / (n) ELSE 0 END) * least(n, d)))::DOUBLE / (d) ELSE 0 END)+1) + 0.09*ln(10*(CASE WHEN d > 0 THEN (coalesce(z, l)*(CASE WHEN r > 0 THEN (coalesce(rt, (CASE WHEN n > 0 THEN (r)::DOUBLE / (n) ELSE 0 END) * least(n, d)))::DOUBLE / (r) ELSE 0 END))::DOUBLE / (d) ELSE 0 END)+1) + 0.06*ln(10*(CASE WHEN d > 0 THEN (l*(CASE WHEN r > 0 THEN (coalesce(rt, (CASE WHEN n > 0 THEN (r)::DOUBLE / (n) ELSE 0 END) * least(n, d)))::DOUBLE / (r) ELSE 0 END))::DOUBLE / (d) ELSE 0 END)+1) + 0.15*ln(10*(CASE WHEN d > 0 THEN (s*(CASE WHEN r > 0 THEN (coalesce(rt, (CASE WHEN n > 0 THEN (r)::DOUBLE / (n) ELSE 0 END) * least(n, d)))::DOUBLE / (r) ELSE 0 END))::DOUBLE / (d) ELSE 0 END)+1)) + 0.1*(0.70*ln(coalesce(rmax, (CASE WHEN n > 0 THEN (r)::DOUBLE / (n) ELSE 0 END))+1) + 0.09*ln(10*coalesce(z, l)*(CASE WHEN r > 0 THEN (coalesce(rmax, (CASE WHEN n > 0 THEN (r)::DOUBLE / (n) ELSE 0 END)))::DOUBLE / (r) ELSE 0 END)+1) + 0.06*ln(10*l*(CASE WHEN r > 0 THEN (coalesce(rmax, (CASE WHEN n > 0 THEN (r)::DOUBLE / (n) ELSE 0 END)))::DOUBLE / (r) ELSE 0 END)+1) + 0.15*ln(10*s*(CASE WHEN r > 0 THEN (coalesce(rmax, (CASE WHEN n > 0 THEN (r)::DOUBLE / (n) ELSE 0 END)))::DOUBLE / (r) ELSE 0 END)+1)), 2) * 1.2 * 10 ELSE 0 END) WHEN platform IN ('weibo') THEN ((0.2*ln(n+1) + 0.8*(0.4*ln(s+1) + 0.4*ln(c+1) + 0.2*ln(l+1))) * 160) WHEN platform IN ('douyin', 'kuaishou') THEN (100 * (0.1*ln((CASE WHEN d > 0 THEN (n)::DOUBLE / (d) ELSE 0 END)+1) + 0.45*ln((CASE WHEN d > 0 THEN (r)::DOUBLE / (d) ELSE 0 END)+1) + 0.25*ln((CASE WHEN d > 0 THEN (l)::DOUBLE / (d) ELSE 0 END)+1) + 0.12*ln((CASE WHEN d > 0 THEN (c)::DOUBLE / (d) ELSE 0 END)+1) + 0.08*ln((CASE WHEN d > 0 THEN (s)::DOUBLE / (d) ELSE 0 END)+1))) WHEN platform IN ('toutiao', 'bilibili', 'xiaohongshu', 'app') THEN (100 * (0.15*ln((CASE WHEN d > 0 THEN (n)::DOUBLE / (d) ELSE 0 END)+1) + 0.4*ln((CASE WHEN d > 0 THEN (r)::DOUBLE / (d) ELSE 0 END)+1) + 0.2*ln((CASE WHEN d > 0 THEN (l)::DOUBLE / (d) ELSE 0 END)+1) + 0.15*ln((CASE WHEN d > 0 THEN (c)::DOUBLE / (d) ELSE 0 END)+1) + 0.1*ln((CASE WHEN d > 0 THEN (s)::DOUBLE / (d) ELSE 0 END)+1))) END) AS score, (platform = 'wechat' AND (rt IS NULL OR rmax IS NULL OR z IS NULL)) AS approximate,
                      (CASE platform WHEN 'weibo' THEN 'BCI' WHEN 'wechat' THEN 'WCI' WHEN 'douyin' THEN 'DCI' WHEN 'kuaishou' THEN 'DCI' WHEN 'toutiao' THEN 'GCI' WHEN 'bilibili' THEN 'GCI' WHEN 'xiaohongshu' THEN 'GCI' WHEN 'app' THEN 'GCI' END) AS index_code
               FROM acc JOIN days USING (period))
,
    ranked AS (SELECT *, row_number() OVER (PARTITION BY period, platform
                                            ORDER BY score DESC, r DESC, account_id) AS rank
               FROM scored)
    SELECT c.platform, c.rank, c.account_id, c.account_name, c.province, c.city, c.level, c.sector,
           c.index_code, c.score, c.approximate, c.followers, c.n, c.r, c.z, c.l, c.c, c.s, c.d,
           p.rank AS prev_rank,
           CASE WHEN p.rank IS NOT NULL THEN p.rank - c.rank END AS rank_change,
           (p.rank IS NULL OR p.rank > $top_n) AS new_entry
    FROM ranked c LEFT JOIN ranked p
      ON p.period = 'prev' AND p.platform = c.platform AND p.account_id = c.account_id
    WHERE c.period = 'cur' AND c.rank <= $top_n
    ORDER BY c.platform, c.rank
