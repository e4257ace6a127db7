"""预警: accounts that pass the two-week rule on the check date but will fail soon unless they post.

A snapshot's posts were made in its period, the `period_days` up to its date (7 for weekly snapshots).
So the last post happened between the start of the last period with posts and its end: the account has
been quiet for at least `quiet_min` and at most `quiet_max` days. In the worst case it fails on
`fails_on` = the period's start + 14 days (no post in the 14 days before that date); an account is *at
risk* when it passes now and `quiet_max` has reached the warning threshold (10 days by default; weekly
snapshots put an account whose last post is in the previous week at 7–13 days, so at risk).

For the quarter of the check date, per account: days out of compliance (the days of the snapshots on
which it failed) and its longest quiet stretch (consecutive periods without a post, in days: a lower
bound of the true gap, which may extend into the periods around it).

Where the posts table holds the account's last post (`basis` 'post', see compliance), its day is known:
quiet days are one number, not a range, and the account fails exactly 14 days after that day."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from analytics.query.engine import Engine, Query, where
from analytics.query.filters import Filters
from analytics.store.rollup import COMPLIANCE_DAYS
from analytics.views.compliance import BASIS, EXACT_LAST_POST, check_date

WARN_DAYS = 10  # quiet for this many days (at most) while still passing: at risk


def quarter_start(day: dt.date) -> dt.date:
    return dt.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def build_at_risk_sql(f: Filters, check: dt.date, warn_days: int = WARN_DAYS) -> Query:
    """Only the rows of the quarter and the 14 days before it (or before the check's window) are read: an
    account at risk posted within the last 14 days, so its last post is among them, and the quarter's
    figures need nothing older — a national table's years of history are not scanned."""
    cond, params = where(f, dates=False)
    params.update(check=check, quarter=quarter_start(check), warn=warn_days)
    sql = f"""
        WITH r AS (SELECT platform, account_id, snapshot_date, posts, coalesce(period_days, 7) AS period
                   FROM read_parquet($files) WHERE {cond} AND snapshot_date <= $check
                        AND snapshot_date > least($quarter, $check - INTERVAL {COMPLIANCE_DAYS} DAY) - INTERVAL {COMPLIANCE_DAYS} DAY),
             cur AS (SELECT platform, account_id, account_name, province, city, level, sector, agency
                     FROM read_parquet($files) WHERE {cond} AND snapshot_date = $check),
             h AS (SELECT platform, account_id, max(snapshot_date) FILTER (WHERE posts > 0) AS last_post,
                          max(snapshot_date - (period - 1)) FILTER (WHERE posts > 0) AS last_post_from,
                          coalesce(sum(posts) FILTER (WHERE snapshot_date > $check - INTERVAL {COMPLIANCE_DAYS} DAY), 0)
                              AS recent_posts
                   FROM r GROUP BY platform, account_id),
             w AS (SELECT *, sum(posts) OVER (PARTITION BY platform, account_id ORDER BY snapshot_date
                                              RANGE BETWEEN INTERVAL {COMPLIANCE_DAYS - 1} DAY PRECEDING AND CURRENT ROW)
                                 AS window_posts,
                          sum(CASE WHEN posts > 0 THEN 1 ELSE 0 END) OVER (PARTITION BY platform, account_id
                              ORDER BY snapshot_date ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS stretch
                   FROM r WHERE snapshot_date > $quarter - INTERVAL {COMPLIANCE_DAYS} DAY),
             q AS (SELECT platform, account_id,
                          coalesce(sum(period) FILTER (WHERE window_posts = 0 AND snapshot_date >= $quarter), 0) AS days_out
                   FROM w GROUP BY platform, account_id),
             g AS (SELECT platform, account_id, max(quiet) AS longest_gap
                   FROM (SELECT platform, account_id, stretch, sum(period) AS quiet FROM w
                         WHERE posts = 0 AND snapshot_date >= $quarter GROUP BY platform, account_id, stretch) AS runs
                   GROUP BY platform, account_id),
             {EXACT_LAST_POST.format(cond=cond)},
             e AS (SELECT h.*, x.last_post_at, coalesce(x.time_known, false) AS last_post_time_known, {BASIS} AS basis
                   FROM h LEFT JOIN x USING (platform, account_id)),
             k AS (SELECT *, CASE WHEN basis = 'post' THEN CAST(last_post_at AS DATE) ELSE last_post END AS seen_to,
                          CASE WHEN basis = 'post' THEN CAST(last_post_at AS DATE) ELSE last_post_from END AS seen_from,
                          CASE WHEN basis = 'post' THEN CAST(last_post_at AS DATE) > $check - INTERVAL {COMPLIANCE_DAYS} DAY
                               ELSE recent_posts > 0 END AS passing
                   FROM e)
        SELECT cur.*, k.last_post, k.last_post_at, k.last_post_time_known, k.basis,
               date_diff('day', k.seen_to, $check) AS quiet_min, date_diff('day', k.seen_from, $check) AS quiet_max,
               k.seen_from + INTERVAL {COMPLIANCE_DAYS} DAY AS fails_on,
               date_diff('day', $check, k.seen_from + INTERVAL {COMPLIANCE_DAYS} DAY) AS days_left,
               coalesce(g.longest_gap, 0) AS longest_gap, coalesce(q.days_out, 0) AS days_out
        FROM cur JOIN k USING (platform, account_id)
             LEFT JOIN q USING (platform, account_id) LEFT JOIN g USING (platform, account_id)
        WHERE k.passing AND date_diff('day', k.seen_from, $check) >= $warn
        ORDER BY days_left, quiet_max DESC, platform, account_id
    """
    return Query.make(sql, params)


def at_risk(engine: Engine, f: Filters, warn_days: int = WARN_DAYS) -> pd.DataFrame:
    """Accounts passing on the check date that fail within days unless they post; most urgent first."""
    return engine.run(build_at_risk_sql(f, check_date(engine, f), warn_days))
