-- params: {"provinces": ["浙江", "山西", "中央"]}
WITH keep AS (SELECT platform, account_id FROM read_parquet($accounts)
              WHERE list_contains($provinces, province) AND (names LIKE '%' || chr(31) || '%'
                                OR last_seen < (SELECT max(last_seen) FROM read_parquet($accounts)))),
     r AS (SELECT platform, account_id, account_name, province, city, sector, snapshot_date
           FROM (SELECT * FROM read_parquet($files) WHERE list_contains($provinces, province)) AS f JOIN keep USING (platform, account_id)),
     spans AS (SELECT platform, account_id, account_name, any_value(province) AS province,
                      any_value(city) AS city, any_value(sector) AS sector,
                      min(snapshot_date) AS since, max(snapshot_date) AS until
               FROM r GROUP BY platform, account_id, account_name)
SELECT *, count(*) OVER (PARTITION BY platform, account_id) AS names,
       (SELECT max(last_seen) FROM read_parquet($accounts)) AS data_end
FROM spans ORDER BY platform, account_id, since
