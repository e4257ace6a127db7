"""榜单: which accounts lead each platform in the period, by the platform's communication index, and
who rose, fell or entered the list since the period before. Click an account to open it."""

from __future__ import annotations

import pandas as pd

from analytics.output import numbers, takeaways
from analytics.output.figures import rankings as rankings_fig
from analytics.output.tables import Col, col
from analytics.pages.selection import Select
from analytics.pages.spec import Context, Kind, Layout, PageSpec, Section
from analytics.published import rankings as published
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
    top["approximate_mark"] = ["≈" if a else "" for a in top["approximate"]]
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
    beside = _published(c, platform, start, end, index)
    return [Section(
        "ranking", c.pick(f"{platforms.name(platform)}政务账号榜单 · {start} 至 {end}",
                          f"{platforms.name(platform, 'en')} government accounts · {start} to {end}"), df, table=top,
        figure=lambda theme, scale, title: rankings_fig.ranking_figure(df, platform, lang, theme, scale,
                                                                       title=title and index),
        takeaway=takeaways.ranking(df, platform, lang), summary=summary, select=Select.ACCOUNT, layout=Layout(beside=True),
        notes=index_notes(platform, lang),
        notes_title=c.pick(f"{spec.zh}（{index}）计算方法", f"{spec.en} ({index})"),
        caption=c.pick("点击表格中的一行查看账号详情。名次变化对比上一等长时段；≈ 表示缺少部分输入、按文档近似计算。",
                       "Click a row to open the account. Changes compare with the previous period of the same length; "
                       "≈ marks a score computed with a documented approximation."),
        columns=[col("rank", "rank", "int"), col("change", "rank_change"), col("account_name", "account_name"),
                 col("province", "province", dim="province"), col("city", "city"), Col("score", index, index, "score"),
                 *([Col("approximate_mark", "≈", "≈")] if top["approximate"].any() else []),
                 Col("n", works.capitalize(), works.capitalize(), "int"),
                 Col("r", reads.capitalize(), reads.capitalize(), "count"), col("l", "likes", "count"),
                 col("c", "comments", "count"), col("s", "shares", "count"), col("followers", "followers", "count")]),
        *beside]


def _published(c: Context, platform: str, start, end, index: str) -> list[Section]:
    """Each published list of this platform and period beside our ranking of the same accounts."""
    lists = published.lists_for(published.catalog(c.engine), platform, start, end)
    if not lists:
        return []
    ours = rankings.rankings(c.engine, c.link.filters.with_(platforms=(platform,)), published.MAX_ROWS * 10)
    ours = ours[ours["platform"] == platform]
    out = []
    for n, shown in enumerate(lists):
        source, name = shown["source"].iloc[0], shown["index_name"].iloc[0]
        first, last = shown["start"].iloc[0], shown["end"].iloc[0]
        merged, rho, in_ours = published.compare(shown, ours)
        # Numbers stay numbers (shown with two decimals; a spreadsheet can sort and sum them); none is empty.
        merged["their_value"] = pd.to_numeric(merged["value"], errors="coerce")
        merged["our_value"] = pd.to_numeric(merged["our_score"], errors="coerce")
        merged["gap"] = (pd.to_numeric(merged["our_rank"], errors="coerce") - merged["rank"]).astype("Int64")
        theirs = c.pick(f"{source} {name}（发布值）", f"{source} {name} (published)")
        mine = c.pick(f"本看板 {index}（本看板计算）", f"Our {index} (computed here)")
        agreement = (c.pick(f"Spearman ρ = {rho:.2f}", f"Spearman's ρ = {rho:.2f}") if rho is not None
                     else c.pick("可比账号不足 3 个，不计算 ρ", "fewer than 3 accounts in both: no ρ"))
        period_note = "" if (first, last) == (start, end) else c.pick(
            f"注意：{source} 的统计周期为 {first} 至 {last}，与本页 {start} 至 {end} 不同。",
            f"Note: {source}'s period is {first} to {last}, not this page's {start} to {end}.")
        out.append(Section(
            f"published_{n}", c.pick(f"与已发布榜单对照：{source} {name} · {first} 至 {last}",
                                     f"Beside the published list: {source} {name} · {first} to {last}"),
            merged, kind=Kind.TABLE, layout=Layout(row=1 + n, on_slides=False),
            summary=c.pick(f"名次一致性：{agreement}；{source}前 {len(shown)} 名中有 **{in_ours}** 个也在本看板前 {len(shown)} 名。",
                           f"Rank agreement: {agreement}; **{in_ours}** of {source}'s top {len(shown)} are in our top {len(shown)}."),
            caption=c.pick(f"{source}的数值按其未公开的公式计算，原样引用，不做换算；本看板的 {index} 按公开公式由本系统数据计算。两者不可直接相加减，"
                           f"请比较名次。{period_note}",
                           f"{source}'s values come from its own unpublished formula and are quoted as published; our {index} is "
                           f"computed from this system's data by the documented formula. Compare ranks, not values. {period_note}"),
            columns=[Col("rank", c.pick(f"{source}名次", f"{source} rank"), f"{source} rank", "int"),
                     col("account_name", "account_name"),
                     Col("their_value", theirs, theirs, "score"), Col("our_rank", c.pick("本看板名次", "Our rank"), "Our rank", "int"),
                     Col("our_value", mine, mine, "score"),
                     Col("gap", c.pick("名次差（本看板 − 发布）", "Rank difference (ours − published)"),
                         "Rank difference (ours − published)", "signed_int")]))
    return out


SPEC = PageSpec("rankings", "榜单", "Rankings", "各平台传播指数前 N 名、名次变化与新上榜账号，以及前 N 名的合计。",
                "The top N per platform by communication index, rank changes and new entries, and the top N's totals.",
                ":material/leaderboard:", options=("top", "board"), build=build)
