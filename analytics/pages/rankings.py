"""榜单: which accounts lead each platform in the period, by the platform's communication index, and
who rose, fell or entered the list since the period before. Click an account to open it."""

from __future__ import annotations

from analytics.output import numbers, takeaways
from analytics.output.figures import rankings as rankings_fig
from analytics.output.tables import Col, col
from analytics.pages.spec import Context, PageSpec, Section
from analytics.views import indices, rankings
from analytics.vocab import platforms

PLAYS = ("douyin", "kuaishou", "bilibili")  # platforms whose reads are plays of videos


def _change(row) -> tuple[str, str]:
    if row["new_entry"]:
        return "新上榜", "new"
    if row["rank_change"] > 0:
        return (f"▲ {int(row['rank_change'])}",) * 2
    if row["rank_change"] < 0:
        return (f"▼ {int(-row['rank_change'])}",) * 2
    return "–", "–"


def index_notes(platform: str, lang: str) -> str:
    spec = indices.spec_for(platform)
    return f"{spec.code} {spec.version}: {spec.formula}\n\n" + (spec.notes_en if lang == "en" else spec.notes_zh)


def build(c: Context) -> list[Section]:
    f, lang = c.link.filters, c.lang
    top_n = int(c.opt("top"))
    df = rankings.rankings(c.engine, f, top_n)
    start, end = rankings.period_of(c.engine, f)
    present = [p for p in platforms.CODES if p in set(df["platform"])]
    if not present:
        return []
    platform = c.opt("board") if c.opt("board") in present else present[0]
    top = df[df["platform"] == platform].reset_index(drop=True)
    top["change"] = [_change(r)[1 if lang == "en" else 0] for _, r in top.iterrows()]
    top["index_text"] = [f"{s:.2f}{' ≈' if a else ''}" for s, a in zip(top["score"], top["approximate"])]
    spec = indices.spec_for(platform)
    totals = rankings.totals(top).iloc[0]
    works = c.pick("作品", "works") if platform in ("douyin", "kuaishou") else c.pick("发文", "posts")
    reads = c.pick("播放", "plays") if platform in PLAYS else c.pick("阅读", "reads")
    fmt = lambda v: numbers.fmt(v, lang)  # noqa: E731
    summary = c.pick(
        f"前 {int(totals['accounts'])} 名合计：{works} **{int(totals['n']):,}** 条，{reads} **{fmt(totals['r'])}**，"
        f"点赞 **{fmt(totals['l'])}**，评论 **{fmt(totals['c'])}**，转发/分享 **{fmt(totals['s'])}**。",
        f"The top {int(totals['accounts'])} together: **{int(totals['n']):,}** {works}, **{fmt(totals['r'])}** "
        f"{reads}, **{fmt(totals['l'])}** likes, **{fmt(totals['c'])}** comments, **{fmt(totals['s'])}** shares.")
    index = f"{spec.code} {spec.version}"
    return [Section(
        "ranking", c.pick(f"{platforms.name(platform)}政务账号榜单 · {start} 至 {end}",
                          f"{platforms.name(platform, 'en')} government accounts · {start} to {end}"), df, table=top,
        figure=lambda theme, scale, title: rankings_fig.ranking_figure(df, platform, lang, theme, scale,
                                                                       title=title and index),
        takeaway=takeaways.ranking(df, platform, lang), summary=summary, select="account", beside=True,
        notes=index_notes(platform, lang),
        notes_title=c.pick(f"{spec.zh}（{index}）计算方法", f"{spec.en} ({index})"),
        caption=c.pick("点击表格中的一行查看账号详情。名次变化对比上一等长时段；≈ 表示缺少部分输入、按文档近似计算。",
                       "Click a row to open the account. Changes compare with the previous period of the same length; "
                       "≈ marks a score computed with a documented approximation."),
        columns=[col("rank", "rank", "int"), col("change", "rank_change"), col("account_name", "account_name"),
                 col("province", "province", dim="province"), col("city", "city"), Col("index_text", index, index),
                 Col("n", works.capitalize(), works.capitalize(), "int"),
                 Col("r", reads.capitalize(), reads.capitalize(), "count"), col("l", "likes", "count"),
                 col("c", "comments", "count"), col("s", "shares", "count"), col("followers", "followers", "count")])]


SPEC = PageSpec("rankings", "榜单", "Rankings", "各平台传播指数前 N 名、名次变化与新上榜账号，以及前 N 名的合计。",
                "The top N per platform by communication index, rank changes and new entries, and the top N's totals.",
                ":material/leaderboard:", options=("top", "board"), build=build)
