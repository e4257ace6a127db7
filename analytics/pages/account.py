"""账号: one account's metrics, index, weekly rank on its platform and name history. The account comes
from the link (`account=platform:id`), a click in any table, or the page's search box."""

from __future__ import annotations

from analytics.output import inert, numbers
from analytics.output.figures import account as account_fig
from analytics.output.figures import content as content_fig
from analytics.output.tables import Col, col
from analytics.pages import content as content_page
from analytics.pages import marks
from analytics.pages.rankings import index_notes
from analytics.pages.spec import Card, Context, Kind, Layout, PageSpec, Section
from analytics.views import account, content, indices
from analytics.vocab import names, platforms


def profile(c: Context) -> dict | None:
    """The linked account's profile, or None when the link names no stored account."""
    platform, _, account_id = c.link.account.partition(":")
    if platform not in platforms.CODES or not account_id:
        return None
    return account.profile(c.engine, platform, account_id)


def build(c: Context) -> list[Section]:
    lang = c.lang
    found = profile(c)
    if found is None:
        return []
    platform, _, account_id = c.link.account.partition(":")
    weeks = account.weeks(c.engine, platform, account_id, c.link.filters)
    if weeks.empty:
        return []
    spec = indices.spec_for(platform)
    latest = weeks.iloc[-1]
    title = f"{found['account_name']} · {platforms.name(platform, lang)}"
    closed = found["last_seen"] < found["data_end"]
    status = (c.pick(f"已于 {found['last_seen'].date()} 后停止报送", f"no snapshots after {found['last_seen'].date()}")
              if closed else c.pick("运营中", "active"))
    level = names.value("level", found["level"], lang) if found["level"] else "–"
    parts = [f"ID {account_id}", names.value("province", found["province"], lang, full=True), found["city"] or "", level,
             names.value("sector", found["sector"] or "", lang), found["agency"] or "", status]
    last_post = found["last_post"]
    posted = last_post.date() if last_post is not None and last_post == last_post else c.pick("从未", "never")
    line = c.pick(f"粉丝 {latest['followers']:,.0f}，最近一周在平台排名 {int(latest['rank'])}/{int(latest['of_accounts'])}",
                  f"{latest['followers']:,.0f} followers; ranked {int(latest['rank'])} of {int(latest['of_accounts'])} "
                  "last week")
    cards = [Card(names.label("followers", lang), numbers.fmt(latest["followers"], lang)),
             Card(c.pick("最近一周发文", "Posts last week"), f"{int(latest['posts'])}"),
             Card(c.pick("最近一周阅读/播放", "Reads last week"), numbers.fmt(latest["reads"], lang)),
             Card(f"{spec.code} {spec.version}", f"{latest['score']:.1f}{' ≈' if latest['approximate'] else ''}"),
             Card(c.pick("平台周排名", "Weekly rank on platform"), f"{int(latest['rank'])} / {int(latest['of_accounts'])}")]
    history = account.names(c.engine, platform, account_id)
    dates = weeks["snapshot_date"]
    events = marks.shown(c, dates.min().date(), dates.max().date(), account=found)
    noted = marks.notes(events, lang)
    return [
        Section("profile", title, weeks, kind=Kind.CARDS, cards=cards, layout=Layout(on_slides=False),
                summary=inert.markdown(" · ".join(p for p in parts if p)),
                caption=c.pick(f"最近发布：{posted}；首次出现：{found['first_seen'].date()}",
                               f"Last post: {posted}; first seen: {found['first_seen'].date()}")),
        Section("metrics", c.pick(f"{title} · 阅读/播放与粉丝", f"{title} · reads and followers"), weeks, layout=Layout(row=1),
                figure=marks.marked(lambda theme, scale, t: account_fig.account_figure(
                    weeks, platform, lang, theme, scale, title=t and c.pick("阅读/播放与粉丝", "Reads and followers")),
                    events, lang),
                takeaway=line, events=noted),
        Section("rank", c.pick(f"{title} · 周排名", f"{title} · weekly rank"), weeks, layout=Layout(row=2),
                figure=marks.marked(lambda theme, scale, t: account_fig.rank_figure(
                    weeks, platform, lang, theme, scale, title=t and c.pick(
                        f"在{platforms.name(platform)}政务账号中的周排名（{spec.code}）",
                        f"Weekly rank among government {platforms.name(platform, 'en')} accounts ({spec.code})")),
                    events, lang),
                takeaway=line, notes=index_notes(platform, lang), events=noted),
        Section("names", c.pick("名称沿革", "Names"), history, kind=Kind.TABLE, layout=Layout(row=3, width=1, on_slides=False),
                columns=[col("account_name", "account_name"), Col("since", "起", "From", "date"),
                         Col("until", "止", "Until", "date")]),
        Section("weeks", names.label("table", lang), weeks, kind=Kind.TABLE, layout=Layout(row=3, width=2, on_slides=False),
                table=weeks.sort_values("snapshot_date", ascending=False),
                columns=[Col("snapshot_date", "快照日期", "Snapshot", "date"), col("account_name", "account_name"),
                         col("followers", "followers", "count"), col("posts", "posts", "int"),
                         col("reads", "reads", "count"), col("interactions", "interactions", "count"),
                         Col("score", spec.code, spec.code, "score"), col("rank", "rank", "int")]),
        *_works(c, platform, account_id),
    ]


def _works(c: Context, platform: str, account_id: str) -> list[Section]:
    """The account's recent works, when it posts and when its posts do best, and its keywords."""
    f, lang, who = c.link.filters, c.lang, (platform, account_id)
    recent = content.recent_works(c.engine, f, who)
    if recent.empty:
        return []
    recent = content_page.shown_works(recent, lang)
    cells = content.heatmap(c.engine, f, who, whole=True)
    best = content.best_slot(cells)
    kw = content.keywords(c.engine, f, account=who, whole=True)
    return [
        Section("works", c.pick("最近作品", "Recent works"), recent, kind=Kind.TABLE, layout=Layout(row=4, on_slides=False),
                columns=[col("published", "published_at"), col("title", "title"), col("kind_name", "kind"),
                         col("reads", "reads", "count"), col("interactions", "interactions", "count"),
                         col("url", "link", "link")]),
        Section("when", c.pick("发布时段与效果", "When it posts and when its posts do best"), cells,
                layout=Layout(row=5, width=3),
                figure=lambda theme, scale, title: content_fig.heatmap_figure(cells, "mean_reads", lang, theme, scale,
                                                                              title=title),
                takeaway=content_page.slot_takeaway(best, 0, lang),
                caption=c.pick("星期 × 发布时段（北京时间）作品的平均阅读/播放。", "Mean reads (plays) by weekday and hour (Beijing time)."),
                columns=content_page.cell_columns(), table=content_page.cells_table(cells, lang)),
        Section("keywords", c.pick("关键词", "Keywords"), kw, layout=Layout(row=5, width=2),
                figure=lambda theme, scale, title: content_fig.keywords_figure(kw, lang, theme, scale, title=title),
                takeaway=c.pick("关键词：" + "、".join(kw["word"].head(5)), "Keywords: " + ", ".join(kw["word"].head(5)))
                if not kw.empty else "",
                columns=[col("word", "word"), Col("score", "TF-IDF", "TF-IDF", "score"),
                         col("posts", "posts_with_word", "int")], table=kw.assign(score=kw["score"] * 1000)),
    ]


SPEC = PageSpec("account", "账号", "Accounts", "按名称（含曾用名）或账号 ID 查找任一账号，查看其指标、传播指数、周排名和名称沿革。",
                "Find any account by name (current or former) or id; see its metrics, index, weekly rank and names.",
                ":material/person_search:", options=("events",), build=build)
