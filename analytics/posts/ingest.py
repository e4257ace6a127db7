"""The one ingest path for posts, shared by the browser and the command line: read, validate, check the
accounts against the snapshots, compare with the stored posts, commit.

A post belongs to an account the snapshot table holds: its region, level, sector and agency are that
account's, so a file naming accounts the snapshots do not know is rejected, listed by account, and a
scoped analyst's file may hold only posts of accounts within their scope."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pyarrow as pa

from analytics import settings
from analytics.access.roles import Actor, require_admin, require_analyst
from analytics.access.scope import NATIONAL, Scope
from analytics.errors import OutsideScope
from analytics.posts import schema
from analytics.posts.table import PostImpact, PostStore
from analytics.store import accounts, readers, staging
from analytics.store.ingest import Prepared
from analytics.store.report import FileReport, Problem
from analytics.store.table import CommitResult, Store
from analytics.store.validate import validate
from analytics.vocab import platforms

SAMPLE_FILE = "posts.parquet"
MAX_LISTED = 12  # accounts named in a problem or a note
SEED_USER = "sample_data"


@dataclass(frozen=True)
class Mismatch:
    """A week where the snapshot's post count and the posts published in its period differ."""

    platform: str
    account_id: str
    account_name: str
    week_end: dt.date
    snapshot_posts: int
    counted_posts: int

    def text(self, lang: str = "zh") -> str:
        who = f"{platforms.name(self.platform, lang)} {self.account_name}"
        if lang == "en":
            return (f"{who}, week to {self.week_end}: the snapshot says {self.snapshot_posts} posts, "
                    f"{self.counted_posts} were published")
        return f"{who}，截至 {self.week_end} 的一周：快照发文数 {self.snapshot_posts}，实际发布 {self.counted_posts} 条"


@dataclass
class PostReport(FileReport):
    accounts: int = 0
    posts_impact: PostImpact | None = None
    mismatches: list[Mismatch] = field(default_factory=list)
    mismatch_weeks: int = 0  # all disagreeing account-weeks (the list holds the first few)
    compared_weeks: int = 0

    @property
    def nothing_to_do(self) -> bool:
        if not self.ok:
            return False
        if self.rows == 0 or self.already_committed_in is not None:
            return True
        i = self.posts_impact
        return i is not None and i.posts_new + i.posts_replaced == 0

    def summary_lines(self, lang: str = "zh") -> list[str]:
        lines = super().summary_lines(lang)
        en = lang == "en"
        at = next((n for n, line in enumerate(lines) if line.startswith(("Problems", "问题"))), len(lines))
        extra = []
        if self.ok and self.rows:
            extra.append(f"Accounts: {self.accounts:,}" if en else f"账号数：{self.accounts:,}")
        i = self.posts_impact
        if i is not None:
            extra.append(f"Posts new {i.posts_new:,}, replacing stored {i.posts_replaced:,}, identical to stored "
                         f"{i.posts_unchanged:,}" if en else
                         f"新增作品 {i.posts_new:,}，替换已存 {i.posts_replaced:,}，与已存相同 {i.posts_unchanged:,}")
            if i.posts_stale:
                rows = "、".join(map(str, i.stale_rows))
                extra.append(f"Ignored (stored counts read later, by counted_at): {i.posts_stale:,} posts, rows "
                             f"{', '.join(map(str, i.stale_rows))}" if en else
                             f"已忽略（已存数据的统计日期更晚）：{i.posts_stale:,} 条，第 {rows} 行")
        if self.compared_weeks:
            if self.mismatch_weeks:
                extra.append(f"Note: of {self.compared_weeks:,} account-weeks compared, {self.mismatch_weeks:,} disagree "
                             "with the snapshots' post counts (a note, not a rejection):" if en else
                             f"提示：比对 {self.compared_weeks:,} 个账号周，其中 {self.mismatch_weeks:,} 个与快照发文数不一致"
                             "（仅提示，不影响导入）：")
                extra.extend(f"  - {m.text(lang)}" for m in self.mismatches)
            else:
                extra.append(f"Post counts agree with the snapshots in all {self.compared_weeks:,} account-weeks compared"
                             if en else f"与快照发文数一致：已比对 {self.compared_weeks:,} 个账号周")
        return [*lines[:at], *extra, *lines[at:]]


def prepare(posts: PostStore, snapshots: Store, name: str, data: bytes, today: dt.date | None = None,
            scope: Scope = NATIONAL) -> Prepared:
    """Validate an uploaded posts file against the stored accounts; `name` is only shown, never a path."""
    report = PostReport(name=name, size=len(data), sha256=hashlib.sha256(data).hexdigest())
    out = staging.new_file(posts.root)
    try:
        loaded = readers.load(name, data)
        checked = validate(loaded.schema, loaded.batches, name, out, posts.root, textual=loaded.textual, today=today,
                           spec=schema.SPEC, rows=schema.check_rows, describe=schema.describe)
    except readers.Unreadable as exc:
        staging.discard(out)
        report.problems = [exc.problem]
        return Prepared(report, None)
    except (pa.ArrowException, duckdb.Error, ValueError, TypeError, OverflowError, MemoryError) as exc:
        staging.discard(out)
        report.problems = [Problem("unreadable", None, f"无法校验此文件（{type(exc).__name__}）",
                                   f"this file cannot be checked ({type(exc).__name__})")]
        return Prepared(report, None)
    report.rows, report.problems, report.ignored_columns = checked.rows, checked.problems, checked.ignored_columns
    report.first_date, report.last_date, report.platforms = checked.first_date, checked.last_date, checked.platforms
    report.note = loaded.note
    if report.ok and report.rows:
        report.problems = _accounts(posts, snapshots, out, scope, report)
    if not report.ok:
        staging.discard(out)
        return Prepared(report, None)
    report.already_committed_in = posts.committed_shas().get(report.sha256)
    if report.already_committed_in is None and report.rows:
        report.posts_impact = posts.impact(out)
        _consistency(posts, snapshots, out, report)
    return Prepared(report, out)


def _listed(items: list[str], more: bool, lang: str) -> str:
    sep = ", " if lang == "en" else "、"
    return sep.join(items) + (sep + "…" if more else "")


def _accounts(posts: PostStore, snapshots: Store, rows: Path, scope: Scope, report: PostReport) -> list[Problem]:
    """Posts of accounts the snapshots do not hold, and (for a scoped uploader) of accounts outside the
    scope or stored under such an account: each a problem listing accounts and the upload's rows."""
    version = snapshots.version()
    up = "read_parquet($rows, file_row_number = true)"
    with staging.connect(posts.root) as con:
        if version is None:
            known = "SELECT NULL::VARCHAR AS platform, NULL::VARCHAR AS account_id, NULL::VARCHAR AS province, " \
                    "NULL::VARCHAR AS city LIMIT 0"
            params: dict = {"rows": str(rows)}
        else:
            known = "SELECT * FROM read_parquet($summary)"
            params = {"rows": str(rows), "summary": str(accounts.ensure(snapshots.root, version, snapshots.files(version)))}
        report.accounts, = con.execute(f"SELECT count(DISTINCT (platform, account_id)) FROM {up}",
                                       {"rows": str(rows)}).fetchall()[0]
        unknown = con.execute(f"""
            SELECT platform, account_id, count(*) AS n, min(file_row_number) + 1 AS first
            FROM {up} u ANTI JOIN ({known}) a USING (platform, account_id)
            GROUP BY ALL ORDER BY n DESC, platform, account_id""", params).fetchall()
        problems = []
        if unknown:
            listed = [f"{platforms.name(p)}:{a}（{n} 条）" for p, a, n, _ in unknown[:MAX_LISTED]]
            listed_en = [f"{platforms.name(p, 'en')}:{a} ({n})" for p, a, n, _ in unknown[:MAX_LISTED]]
            more = len(unknown) > MAX_LISTED
            problems.append(Problem(
                "unknown_account", "account_id",
                f"{len(unknown)} 个账号不在快照数据中（请先导入这些账号的快照），整份文件未导入：" + _listed(listed, more, "zh"),
                f"{len(unknown)} accounts are not in the snapshots (import their snapshots first); the whole file was "
                "not imported: " + _listed(listed_en, more, "en"),
                count=sum(n for *_, n, _ in unknown), rows=tuple(sorted(f for *_, f in unknown[:5]))))
        if scope.national or unknown:
            return problems
        cond, scope_params = scope.sql()
        outside = con.execute(f"""
            WITH a AS ({known}),
                 bad AS (SELECT platform, account_id FROM a WHERE NOT ({cond})),
                 u AS (SELECT platform, account_id, post_id, file_row_number + 1 AS r FROM {up}),
                 moved AS (SELECT u.* FROM u JOIN read_parquet($stored) s USING (platform, post_id)
                           WHERE (s.platform, s.account_id) IN (SELECT (platform, account_id) FROM bad))
            SELECT platform, account_id, count(*) AS n, min(r) AS first FROM
                (SELECT * FROM u SEMI JOIN bad USING (platform, account_id) UNION SELECT * FROM moved)
            GROUP BY ALL ORDER BY n DESC, platform, account_id""",
            {**params, **scope_params, "stored": posts.stored_files()}).fetchall()
        if outside:
            listed = [f"{platforms.name(p)}:{a}" for p, a, _, _ in outside[:MAX_LISTED]]
            listed_en = [f"{platforms.name(p, 'en')}:{a}" for p, a, _, _ in outside[:MAX_LISTED]]
            more = len(outside) > MAX_LISTED
            problems.append(Problem(
                "outside_scope", "account_id",
                f"有作品属于您的范围（{scope.describe('zh')}）以外的账号，不能由您导入，整份文件未导入："
                + _listed(listed, more, "zh"),
                f"posts of accounts outside your scope ({scope.describe('en')}) cannot be imported by you; the whole "
                "file was not imported: " + _listed(listed_en, more, "en"),
                count=sum(n for _, _, n, _ in outside), rows=tuple(sorted(f for *_, f in outside[:5]))))
    return problems


CONSISTENCY_SQL = """
    WITH acc AS (SELECT DISTINCT platform, account_id FROM p),
         s AS (SELECT platform, account_id, account_name, snapshot_date, coalesce(period_days, 7) AS period, posts
               FROM read_parquet($files) SEMI JOIN acc USING (platform, account_id)),
         c AS (SELECT s.platform, s.account_id, s.account_name, s.snapshot_date, s.posts AS snapshot_posts,
                      count(p.day) AS counted_posts
               FROM s LEFT JOIN p ON p.platform = s.platform AND p.account_id = s.account_id
                                 AND p.day BETWEEN s.snapshot_date - (s.period - 1) AND s.snapshot_date
               GROUP BY ALL),
         covered AS (SELECT DISTINCT snapshot_date FROM c WHERE counted_posts > 0)
    SELECT c.* FROM c SEMI JOIN covered USING (snapshot_date)
"""
"""Account-weeks compared: the weeks of the snapshot table in which the posts (`p`: platform, account_id,
day) hold any post, for every account with posts; a week where nobody's posts were loaded is not a
disagreement, a week where this account published fewer or more posts than its snapshot says is."""


def _consistency(posts: PostStore, snapshots: Store, rows: Path, report: PostReport) -> None:
    """The upload's posts with the stored posts of its accounts (the table as the commit would leave it),
    against the snapshots of those accounts."""
    version = snapshots.version()
    if version is None:
        return
    stored = posts.stored_files()
    with staging.connect(posts.root) as con:
        con.execute("""
            CREATE TEMP TABLE p AS
            WITH u AS (SELECT platform, account_id, post_id, CAST(published_at AS DATE) AS day FROM read_parquet($rows)),
                 acc AS (SELECT DISTINCT platform, account_id FROM u)
            SELECT platform, account_id, day FROM u
            UNION ALL
            SELECT platform, account_id, CAST(published_at AS DATE) FROM read_parquet($stored) s
            SEMI JOIN acc USING (platform, account_id) ANTI JOIN u USING (platform, post_id)
        """, {"rows": str(rows), "stored": stored})
        found = con.execute(f"""
            WITH r AS ({CONSISTENCY_SQL})
            SELECT count(*), count(*) FILTER (WHERE snapshot_posts <> counted_posts) FROM r""",
            {"files": snapshots.files(version)}).fetchall()[0]
        report.compared_weeks, report.mismatch_weeks = int(found[0]), int(found[1])
        if report.mismatch_weeks:
            listed = con.execute(f"""
                WITH r AS ({CONSISTENCY_SQL})
                SELECT platform, account_id, account_name, snapshot_date, snapshot_posts, counted_posts FROM r
                WHERE snapshot_posts <> counted_posts
                ORDER BY abs(snapshot_posts - counted_posts) DESC, snapshot_date, platform, account_id LIMIT {MAX_LISTED}
            """, {"files": snapshots.files(version)}).fetchall()
            report.mismatches = [Mismatch(p, a, n, d, int(sp), int(cp)) for p, a, n, d, sp, cp in listed]


def commit(posts: PostStore, prepared: Prepared, actor: Actor) -> CommitResult:
    """Commit validated posts as a new version; only an analyst may, and only posts of accounts in scope."""
    require_analyst(actor)
    if not prepared.committable:
        return CommitResult(None)
    if not actor.scope.national:
        with posts.write_lock():
            again = PostReport(name=prepared.report.name)
            if _accounts(posts, Store(posts.root), prepared.rows, actor.scope, again):
                raise OutsideScope("文件中有作品不在您的范围内，未导入", "the file has posts outside your scope; nothing was imported")
            result = posts.commit(prepared.rows, user=actor.name, source=prepared.report.name,
                                  sha256=prepared.report.sha256, within=actor.scope)
    else:
        result = posts.commit(prepared.rows, user=actor.name, source=prepared.report.name,
                              sha256=prepared.report.sha256)
    prepared.discard()
    return result


def restore(posts: PostStore, version: int, actor: Actor) -> CommitResult:
    """Make an earlier posts version current again, as a new version; only an administrator may."""
    require_admin(actor)
    return posts.restore(version, user=actor.name)


def ensure_seeded(posts: PostStore, snapshots: Store, sample_dir: Path | None = None) -> bool:
    """Load the bundled sample posts beside the sample snapshots; True when it did. Only a snapshot table
    holding nothing but the sample (its one version the seed) gets them: a user's own data never does."""
    if posts.exists() or not settings.seed_enabled():
        return False
    history = snapshots.history()
    if len(history) != 1 or history[0].action != "seed":
        return False
    path = (sample_dir or settings.SAMPLE_DIR) / SAMPLE_FILE
    if not path.exists():
        return False
    with posts.write_lock():
        if posts.exists():
            return False
        prepared = prepare(posts, snapshots, path.name, path.read_bytes())
        if not prepared.report.ok:
            raise RuntimeError("bundled sample posts failed validation:\n" + prepared.report.text("en"))
        posts.commit(prepared.rows, user=SEED_USER, source=f"sample_data/{path.name}", sha256=prepared.report.sha256,
                     action="seed")
        prepared.discard()
    return True
