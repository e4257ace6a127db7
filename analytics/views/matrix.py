"""The account matrix (矩阵): hierarchy 中央 → province → city → level, platform coverage and the
matrix index per agency, and account lineage (renames and merges) from the name history."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from analytics.query.engine import Engine, Query, where
from analytics.query.filters import Filters
from analytics.views import indices
from analytics.views.compliance import check_date
from analytics.views.rankings import period_of
from analytics.views.scores import scores_cte
from analytics.vocab import platforms

LEVEL_ORDER = ("national", "provincial", "municipal", "county", "township")
MERGE_WINDOW_DAYS = 56  # an account closing within 8 weeks of a sibling's rename is read as merged into it


def build_hierarchy_sql(f: Filters, check: dt.date) -> Query:
    cond, params = where(f, dates=False)
    params["check"] = check
    sql = f"""
        SELECT province, coalesce(city, '') AS city, coalesce(level, '') AS level, platform, sum(accounts) AS accounts,
               sum(followers) AS followers
        FROM read_parquet($rollup) WHERE {cond} AND snapshot_date = $check
        GROUP BY ALL ORDER BY province, city, level, platform
    """
    return Query.make(sql, params)


def build_agencies_sql(f: Filters, start: dt.date, end: dt.date) -> Query:
    cond, params = where(f, dates=False)
    params.update(start=start, end=end)
    weights = " + ".join(f"{w} * coalesce(max(norm) FILTER (WHERE platform = '{p}'), 0)"
                         for p, w in indices.MATRIX_WEIGHTS.items())
    sql = f"""
        WITH {scores_cte(f"{cond} AND snapshot_date BETWEEN $start AND $end")},
        live AS (SELECT * FROM scored SEMI JOIN (
                    SELECT platform, account_id FROM src WHERE snapshot_date = (SELECT max(snapshot_date) FROM src)
                 ) AS latest USING (platform, account_id)),
        normed AS (SELECT *, coalesce(agency, account_name) AS agency_name,
                          100 * score / nullif(max(score) OVER (PARTITION BY platform), 0) AS norm
                   FROM live)
        SELECT agency_name AS agency, province, coalesce(city, '') AS city, arg_max(level, followers) AS level,
               arg_max(sector, followers) AS sector, count(*) AS accounts,
               list(DISTINCT platform ORDER BY platform) AS platforms, count(DISTINCT platform) AS n_platforms,
               sum(followers) AS followers, {weights} AS matrix_index
        FROM normed GROUP BY agency_name, province, coalesce(city, '')
        ORDER BY matrix_index DESC, agency
    """
    return Query.make(sql, params)


def build_names_sql(f: Filters) -> Query:
    cond, params = where(f, dates=False)
    # Only accounts that were renamed or closed can be part of a rename or a merge: the account summary
    # names them, so the rows of every other account (most of a national table) are not grouped.
    sql = f"""
        WITH keep AS (SELECT platform, account_id FROM read_parquet($accounts)
                      WHERE {cond} AND (names LIKE '%' || chr(31) || '%'
                                        OR last_seen < (SELECT max(last_seen) FROM read_parquet($accounts)))),
             r AS (SELECT platform, account_id, account_name, province, city, sector, snapshot_date
                   FROM (SELECT * FROM read_parquet($files) WHERE {cond}) AS f JOIN keep USING (platform, account_id)),
             spans AS (SELECT platform, account_id, account_name, any_value(province) AS province,
                              any_value(city) AS city, any_value(sector) AS sector,
                              min(snapshot_date) AS since, max(snapshot_date) AS until
                       FROM r GROUP BY platform, account_id, account_name)
        SELECT *, count(*) OVER (PARTITION BY platform, account_id) AS names,
               (SELECT max(last_seen) FROM read_parquet($accounts)) AS data_end
        FROM spans ORDER BY platform, account_id, since
    """
    return Query.make(sql, params)


def hierarchy(engine: Engine, f: Filters) -> pd.DataFrame:
    """Accounts and followers per province, city, level and platform on the latest snapshot in range."""
    return engine.run(build_hierarchy_sql(f, check_date(engine, f)))


def agencies(engine: Engine, f: Filters) -> pd.DataFrame:
    """Per agency (运营主体, or the account name where none is given): platforms covered and matrix index."""
    start, end = period_of(engine, f)
    df = engine.run(build_agencies_sql(f, start, end))
    df["platforms"] = [list(p) for p in df["platforms"]]
    return df


def coverage(agency_frame: pd.DataFrame) -> pd.DataFrame:
    """Share of agencies present on each platform, by level: how complete the matrix is."""
    rows = []
    for level, group in agency_frame.groupby("level", sort=False):
        for p in platforms.CODES:
            present = sum(p in ps for ps in group["platforms"])
            rows.append({"level": level, "platform": p, "agencies": len(group), "present": present,
                         "share": present / len(group) if len(group) else 0.0})
    out = pd.DataFrame(rows)
    if not out.empty:
        out["level"] = pd.Categorical(out["level"], [lv for lv in LEVEL_ORDER if lv in set(out["level"])])
        out = out.sort_values(["level", "platform"]).reset_index(drop=True)
    return out


def lineage(engine: Engine, f: Filters) -> pd.DataFrame:
    """Renames (same account_id, new name) and merges (an account closing within 8 weeks of a
    sibling's rename: same platform, province, city and sector), one row per event."""
    spans = engine.run(build_names_sql(f))
    spans["city"] = spans["city"].fillna("")
    columns = ["kind", "date", "platform", "account_id", "from_name", "to_name", "province", "city", "sector"]
    # Vectorised: at national scale there are thousands of renames and a hundred thousand closed accounts.
    multi = spans[spans["names"] > 1].sort_values(["platform", "account_id", "since"], kind="stable")
    before = multi.groupby(["platform", "account_id"], sort=False)["account_name"].shift()
    cur = multi[before.notna()]
    if cur.empty:
        return pd.DataFrame(columns=columns)
    renames = pd.DataFrame({"kind": "rename", "date": cur["since"].dt.date, "platform": cur["platform"],
                            "account_id": cur["account_id"], "from_name": before[cur.index], "to_name": cur["account_name"],
                            "province": cur["province"], "city": cur["city"], "sector": cur["sector"]})
    last = spans.groupby(["platform", "account_id"]).agg(
        account_name=("account_name", "last"), until=("until", "max"), province=("province", "first"),
        city=("city", "first"), sector=("sector", "first"), data_end=("data_end", "first")).reset_index()
    closed = last[last["until"] < last["data_end"]]
    place = ["platform", "province", "city", "sector"]
    pairs = renames[[*place, "account_id", "date", "to_name"]].rename(columns={"account_id": "renamed"}).merge(
        closed[[*place, "account_id", "account_name", "until"]], on=place)
    pairs = pairs[(pairs["account_id"] != pairs["renamed"])
                  & ((pairs["until"] - pd.to_datetime(pairs["date"])).abs() <= pd.Timedelta(days=MERGE_WINDOW_DAYS))]
    merges = pd.DataFrame({"kind": "merge", "date": pairs["until"].dt.date, "platform": pairs["platform"],
                           "account_id": pairs["account_id"], "from_name": pairs["account_name"], "to_name": pairs["to_name"],
                           "province": pairs["province"], "city": pairs["city"], "sector": pairs["sector"]}, columns=columns)
    events = pd.concat([renames[columns], merges], ignore_index=True)
    return events.sort_values(["date", "kind", "platform", "account_id", "to_name"], kind="stable").reset_index(drop=True)
