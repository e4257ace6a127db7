-- params: {"end": "2024-07-10", "provinces": ["浙江", "山西", "中央"], "start": "2024-01-01"}
WITH life AS (SELECT platform, account_id, first_seen AS first, last_seen AS last
              FROM read_parquet($accounts) WHERE list_contains($provinces, province)),
     bounds AS (SELECT min(first_seen) AS first, max(last_seen) AS last FROM read_parquet($accounts)),
     events AS (
        SELECT make_date(year(l.first), CASE WHEN month(l.first) <= 6 THEN 1 ELSE 7 END, 1) AS period, platform, 'opened' AS kind FROM life l, bounds b
        WHERE make_date(year(l.first), CASE WHEN month(l.first) <= 6 THEN 1 ELSE 7 END, 1) > make_date(year(b.first), CASE WHEN month(b.first) <= 6 THEN 1 ELSE 7 END, 1)
        UNION ALL
        SELECT make_date(year(l.last), CASE WHEN month(l.last) <= 6 THEN 1 ELSE 7 END, 1) AS period, platform, 'closed' AS kind FROM life l, bounds b
        WHERE l.last < b.last)
SELECT period, platform, count(*) FILTER (WHERE kind = 'opened') AS opened,
       count(*) FILTER (WHERE kind = 'closed') AS closed
FROM events WHERE TRUE AND period >= make_date(year($start), CASE WHEN month($start) <= 6 THEN 1 ELSE 7 END, 1) AND period <= make_date(year($end), CASE WHEN month($end) <= 6 THEN 1 ELSE 7 END, 1)
GROUP BY ALL ORDER BY period, platform
