-- params: {"provinces": ["浙江", "山西", "中央"]}
WITH r AS (SELECT platform, account_id, account_name, province, city, sector, snapshot_date
           FROM read_parquet($files) WHERE list_contains($provinces, province)),
     spans AS (SELECT platform, account_id, account_name, any_value(province) AS province,
                      any_value(city) AS city, any_value(sector) AS sector,
                      min(snapshot_date) AS since, max(snapshot_date) AS until
               FROM r GROUP BY platform, account_id, account_name)
SELECT *, count(*) OVER (PARTITION BY platform, account_id) AS names,
       (SELECT max(snapshot_date) FROM read_parquet($files)) AS data_end
FROM spans ORDER BY platform, account_id, since
