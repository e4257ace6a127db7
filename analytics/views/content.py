"""内容: what accounts published in a period — the top works, the period's totals and 10万+ works, the mix
of kinds over time, when accounts post and when posts do best (weekday × hour in Beijing time), the
share of original works and the period's keywords.

Every query reads the post index (`read_parquet($posts)`: posts with their account's place, so filters
and scopes apply as to snapshots) and, for keywords, the word index (`read_parquet($post_terms)`). A
post whose export gave only its date has no hour: it counts everywhere except the heat map, which says
how many it left out. The period is the filter's range, by default the week ending on the latest
snapshot (as on 榜单)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd

from analytics.posts.ingest import CONSISTENCY_SQL
from analytics.posts.schema import TEN_WAN
from analytics.query.engine import Engine, Query, where
from analytics.query.filters import Filters
from analytics.vocab import periods

TOP_N = 10
KEYWORDS_N = 20
MIN_SLOT_SHARE = 0.01  # a heat-map slot needs this share of the period's timed posts (and 3) to be the best
Account = tuple[str, str] | None  # (platform, account_id): one account's posts (the account page)


def _where(f: Filters, start: dt.date | None, end: dt.date | None, account: Account, prefix: str = "") -> tuple[str, dict]:
    cond, params = where(f, dates=False, prefix=prefix)
    clauses = [cond]
    if start is not None:
        clauses.append(f"{prefix}day >= $start")
        params["start"] = start
    if end is not None:
        clauses.append(f"{prefix}day <= $end")
        params["end"] = end
    if account is not None:
        clauses.append(f"{prefix}platform = $acc_platform AND {prefix}account_id = $acc_id")
        params.update(acc_platform=account[0], acc_id=account[1])
    return " AND ".join(clauses), params


def has_posts(engine: Engine) -> bool:
    df = engine.run(Query.make("SELECT count(*) AS n FROM read_parquet($posts)"))
    return int(df["n"].iloc[0]) > 0


def period_of(engine: Engine, f: Filters) -> tuple[dt.date, dt.date]:
    end = f.end or engine.date_bounds()[1]
    return f.start or end - dt.timedelta(days=6), end


def build_top_works_sql(f: Filters, start: dt.date, end: dt.date, top_n: int = TOP_N, account: Account = None,
                        per_platform: bool = True) -> Query:
    """Works ranked by reads (plays), tied works sharing a rank: a tie at the last place keeps every tied work."""
    cond, params = _where(f, start, end, account)
    params["top"] = top_n
    part = "PARTITION BY platform" if per_platform else ""
    sql = f"""
        WITH p AS (SELECT *, rank() OVER ({part} ORDER BY reads DESC) AS rank FROM read_parquet($posts) WHERE {cond})
        SELECT rank, platform, post_id, coalesce(title, excerpt) AS title, url, account_id, account_name, province,
               published_at, time_known, kind, reads, interactions, likes, comments, shares, is_original
        FROM p WHERE rank <= $top
        ORDER BY platform, rank, interactions DESC, published_at, post_id
    """
    return Query.make(sql, params)


def build_totals_sql(f: Filters, start: dt.date, end: dt.date, account: Account = None) -> Query:
    """Per platform and in total (platform NULL): works, accounts that posted, reads and interactions,
    10万+ works, original works among those whose export says, works with their date only."""
    cond, params = _where(f, start, end, account)
    params["ten_wan"] = TEN_WAN
    sql = f"""
        SELECT platform, count(*) AS works, count(DISTINCT (platform, account_id)) AS accounts,
               sum(reads) AS reads, sum(likes) AS likes, sum(comments) AS comments, sum(shares) AS shares,
               sum(interactions) AS interactions, count(*) FILTER (WHERE reads >= $ten_wan) AS ten_wan,
               count(*) FILTER (WHERE is_original) AS original, count(is_original) AS original_known,
               count(*) FILTER (WHERE is_original)::DOUBLE / nullif(count(is_original), 0) AS original_share,
               count(*) FILTER (WHERE NOT time_known) AS date_only
        FROM read_parquet($posts) WHERE {cond}
        GROUP BY GROUPING SETS ((platform), ())
        ORDER BY platform IS NULL, works DESC, platform
    """
    return Query.make(sql, params)


def build_top_accounts_sql(f: Filters, start: dt.date, end: dt.date, top_n: int = TOP_N) -> Query:
    """The accounts whose works were read most in the period, per platform, with their works' totals."""
    cond, params = _where(f, start, end, None)
    params["top"] = top_n
    sql = f"""
        WITH a AS (SELECT platform, account_id, any_value(account_name) AS account_name, count(*) AS works,
                          sum(reads) AS reads, sum(likes) AS likes, sum(comments) AS comments, sum(shares) AS shares
                   FROM read_parquet($posts) WHERE {cond} GROUP BY platform, account_id),
             r AS (SELECT *, row_number() OVER (PARTITION BY platform ORDER BY reads DESC, account_id) AS rank FROM a)
        SELECT * FROM r WHERE rank <= $top ORDER BY platform, rank
    """
    return Query.make(sql, params)


def build_kind_mix_sql(f: Filters, start: dt.date | None = None, end: dt.date | None = None,
                       account: Account = None) -> Query:
    """Works of each kind per bucket of the filter's granularity, with the kind's share of the bucket."""
    cond, params = _where(f, start, end, account)
    bucket = periods.bucket_sql(f.granularity, "day")
    sql = f"""
        WITH b AS (SELECT {bucket} AS period, coalesce(kind, 'unknown') AS kind, count(*) AS works
                   FROM read_parquet($posts) WHERE {cond} GROUP BY ALL)
        SELECT period, kind, works, works::DOUBLE / sum(works) OVER (PARTITION BY period) AS share
        FROM b ORDER BY period, works DESC, kind
    """
    return Query.make(sql, params)


def build_heatmap_sql(f: Filters, start: dt.date, end: dt.date, account: Account = None) -> Query:
    """Posts and mean reads per (weekday, hour) of publication in Beijing time (Monday = 0, counted from
    Monday 2000-01-03: the same on every engine); posts with their date only have no hour and are left out here."""
    cond, params = _where(f, start, end, account)
    sql = f"""
        SELECT date_diff('day', DATE '2000-01-03', CAST(published_at AS DATE)) % 7 AS weekday,
               hour(published_at) AS hour, count(*) AS works,
               sum(reads) AS reads, avg(reads) AS mean_reads, avg(interactions) AS mean_interactions
        FROM read_parquet($posts) WHERE {cond} AND time_known
        GROUP BY ALL ORDER BY weekday, hour
    """
    return Query.make(sql, params)


def build_keywords_sql(f: Filters, start: dt.date, end: dt.date, top_n: int = KEYWORDS_N, account: Account = None) -> Query:
    """TF-IDF of the period's words against the whole table: tf = the word's share of the selection's
    words, idf = ln(posts in the table ÷ posts containing the word)."""
    cond, params = _where(f, start, end, account, prefix="p.")
    params["top"] = top_n
    sql = f"""
        WITH t AS (SELECT * FROM read_parquet($post_terms)),
             docs AS (SELECT count(*)::DOUBLE AS n FROM read_parquet($posts)),
             df AS (SELECT word, count(DISTINCT (platform, post_id)) AS df FROM t GROUP BY word),
             sel AS (SELECT t.word, sum(t.n) AS tf, count(*) AS posts
                     FROM t JOIN read_parquet($posts) p USING (platform, post_id) WHERE {cond} GROUP BY t.word),
             total AS (SELECT sum(tf)::DOUBLE AS n FROM sel)
        SELECT sel.word, sel.tf AS occurrences, sel.posts, df.df,
               sel.tf / total.n * ln(docs.n / df.df) AS score
        FROM sel JOIN df USING (word), total, docs
        ORDER BY score DESC, word LIMIT $top
    """
    return Query.make(sql, params)


def top_works(engine: Engine, f: Filters, top_n: int = TOP_N, account: Account = None) -> pd.DataFrame:
    """The period's top works of each platform by reads (plays), ties sharing a rank."""
    start, end = period_of(engine, f)
    return engine.run(build_top_works_sql(f, start, end, top_n, account))


def totals(engine: Engine, f: Filters, account: Account = None) -> pd.DataFrame:
    start, end = period_of(engine, f)
    return engine.run(build_totals_sql(f, start, end, account))


def top_accounts(engine: Engine, f: Filters, top_n: int = TOP_N) -> pd.DataFrame:
    start, end = period_of(engine, f)
    return engine.run(build_top_accounts_sql(f, start, end, top_n))


def kind_mix(engine: Engine, f: Filters, account: Account = None) -> pd.DataFrame:
    """Over the filter's whole range (not only the period): how the mix shifts."""
    return engine.run(build_kind_mix_sql(f, f.start, f.end, account))


def _range(engine: Engine, f: Filters, whole: bool) -> tuple[dt.date | None, dt.date | None]:
    """The default period, or with `whole` the filter's own range (everything when it has none)."""
    return (f.start, f.end) if whole else period_of(engine, f)


def heatmap(engine: Engine, f: Filters, account: Account = None, whole: bool = False) -> pd.DataFrame:
    start, end = _range(engine, f, whole)
    return engine.run(build_heatmap_sql(f, start, end, account))


def best_slot(cells: pd.DataFrame) -> dict[str, Any] | None:
    """The (weekday, hour) whose posts were read most on average, among slots holding at least
    MIN_SLOT_SHARE of the timed posts (and three posts): one lucky post does not make a best hour."""
    if cells.empty:
        return None
    floor = max(3, MIN_SLOT_SHARE * float(cells["works"].sum()))
    held = cells[cells["works"] >= floor]
    if held.empty:
        return None
    best = held.sort_values(["mean_reads", "works", "weekday", "hour"], ascending=[False, False, True, True]).iloc[0]
    return {"weekday": int(best["weekday"]), "hour": int(best["hour"]), "mean_reads": float(best["mean_reads"]),
            "works": int(best["works"]), "overall": float(cells["reads"].sum() / cells["works"].sum())}


def keywords(engine: Engine, f: Filters, top_n: int = KEYWORDS_N, account: Account = None,
             whole: bool = False) -> pd.DataFrame:
    start, end = _range(engine, f, whole)
    return engine.run(build_keywords_sql(f, start, end, top_n, account))


def build_recent_works_sql(f: Filters, account: tuple[str, str], top_n: int) -> Query:
    cond, params = _where(f, f.start, f.end, account)
    params["top"] = top_n
    sql = f"""
        SELECT row_number() OVER (ORDER BY published_at DESC, post_id) AS rank, platform, post_id,
               coalesce(title, excerpt) AS title, url, account_id, account_name, published_at, time_known, kind, reads,
               interactions, likes, comments, shares, is_original
        FROM read_parquet($posts) WHERE {cond}
        ORDER BY published_at DESC, post_id LIMIT $top
    """
    return Query.make(sql, params)


def recent_works(engine: Engine, f: Filters, account: tuple[str, str], top_n: int = 20) -> pd.DataFrame:
    """The account's latest works in the filter's range, newest first."""
    return engine.run(build_recent_works_sql(f, account, top_n))


def _consistency(f: Filters) -> tuple[str, dict]:
    cond, params = where(f, dates=False)
    scoped_files = f"(SELECT * FROM read_parquet($files) WHERE {cond})"
    return f"""p AS (SELECT platform, account_id, day FROM read_parquet($posts) WHERE {cond}),
             r AS ({CONSISTENCY_SQL.replace("read_parquet($files)", scoped_files)})""", params


def build_disagreements_sql(f: Filters, limit: int = 200) -> Query:
    """Account-weeks where the snapshot's post count and the posts published in its week differ (see
    analytics.posts.ingest for which weeks are compared), largest difference first."""
    ctes, params = _consistency(f)
    params["limit"] = limit
    sql = f"""
        WITH {ctes}
        SELECT *, counted_posts - snapshot_posts AS difference FROM r WHERE snapshot_posts <> counted_posts
        ORDER BY abs(counted_posts - snapshot_posts) DESC, snapshot_date DESC, platform, account_id LIMIT $limit
    """
    return Query.make(sql, params)


def build_agreement_sql(f: Filters) -> Query:
    ctes, params = _consistency(f)
    sql = f"""
        WITH {ctes}
        SELECT count(*) AS compared, count(*) FILTER (WHERE snapshot_posts <> counted_posts) AS disagree FROM r
    """
    return Query.make(sql, params)


def disagreements(engine: Engine, f: Filters, limit: int = 200) -> pd.DataFrame:
    return engine.run(build_disagreements_sql(f, limit))


def agreement(engine: Engine, f: Filters) -> tuple[int, int]:
    """(account-weeks compared, of which disagreeing)."""
    row = engine.run(build_agreement_sql(f)).iloc[0]
    return int(row["compared"]), int(row["disagree"])
