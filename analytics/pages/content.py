"""内容: what accounts published in the period — its totals and 10万+ works, the top works of each
platform (清博's 热文榜), the accounts whose works were read most, the mix of kinds over time, when
accounts post and when posts do best, the share of original works and the period's keywords."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from analytics.output import numbers
from analytics.output.figures import content as content_fig
from analytics.output.tables import Col, col
from analytics.pages.rankings import PLAYS
from analytics.pages.spec import Card, Context, Kind, Layout, PageSpec, Section
from analytics.views import content
from analytics.vocab import platforms, works


def published_text(at, known: bool, lang: str) -> str:
    """A post's time as people read it; an export that gave only the date says so."""
    stamp = pd.Timestamp(at)
    if not known:
        return f"{stamp:%Y-%m-%d}" + (" (time unknown)" if lang == "en" else "（时间未知）")
    return f"{stamp:%Y-%m-%d %H:%M}"


def _reads_word(platform: str | None, c: Context) -> str:
    return c.pick("播放", "plays") if platform in PLAYS else c.pick("阅读", "reads")


def work_columns(c: Context, with_platform: bool = True) -> list[Col]:
    return [col("rank", "rank", "int"), *([col("platform", "platform", dim="platform")] if with_platform else []),
            col("title", "title"), col("account_name", "account_name"), col("published", "published_at"),
            col("kind_name", "kind"), col("reads", "reads", "count"), col("interactions", "interactions", "count"),
            col("likes", "likes", "count"), col("comments", "comments", "count"), col("shares", "shares", "count"),
            col("url", "link", "link")]


def shown_works(df: pd.DataFrame, lang: str) -> pd.DataFrame:
    out = df.copy()
    out["published"] = [published_text(a, k, lang) for a, k in zip(out["published_at"], out["time_known"])]
    out["kind_name"] = [works.name(k, lang) for k in out["kind"]]
    return out


def _cards(total: pd.Series, before: pd.Series | None, lang: str) -> list[Card]:
    def change(field: str) -> float | None:
        if before is None or not before[field]:
            return None
        return float(total[field]) / float(before[field]) - 1

    def card(label: str, field: str, help_text: str = "") -> Card:
        made = Card.of(label, float(total[field]), change(field), help_text, lang)
        # Six tiles share a row: 7696.85万 is cut short on a laptop, 7697万 is not.
        return made if len(made.value) <= 6 else Card(made.label, numbers.fmt(float(total[field]), lang, decimals=0),
                                                      made.delta, made.help)

    zh = lang != "en"
    share = total["original_share"]
    return [
        card("作品数" if zh else "Works", "works"),
        card("发布账号" if zh else "Accounts posting", "accounts"),
        card("阅读/播放" if zh else "Reads/plays", "reads"),
        card("互动量" if zh else "Interactions", "interactions", "点赞 + 评论 + 转发" if zh else "likes + comments + shares"),
        card("10万+ 作品" if zh else "100k+ works", "ten_wan",
             "阅读/播放 ≥ 100,000 的作品" if zh else "works read or played 100,000 times or more"),
        Card("原创占比" if zh else "Original share", "–" if pd.isna(share) else numbers.pct(share, lang), None,
             f"标注了原创与否的 {int(total['original_known']):,} 件作品中" if zh
             else f"among the {int(total['original_known']):,} works whose export says"),
    ]


def _totals_figure(cards: list[Card]):
    kpis = pd.DataFrame({"metric": [cd.label for cd in cards], "shown": [cd.value for cd in cards],
                         "delta": [cd.delta or "" for cd in cards]})
    return lambda theme, scale, title: content_fig.cards_figure(kpis, theme, scale, title)


def _previous(f, start: dt.date, end: dt.date):
    days = (end - start).days + 1
    return f.with_(start=start - dt.timedelta(days=days), end=start - dt.timedelta(days=1))


def slot_takeaway(best: dict | None, date_only: int, lang: str) -> str:
    if best is None:
        return ""
    slot = f"{content_fig.weekday_name(best['weekday'], lang)} {best['hour']:02d}:00–{best['hour'] + 1:02d}:00"
    lift = best["mean_reads"] / best["overall"] - 1 if best["overall"] else 0
    unknown = "" if not date_only else (f"; {date_only:,} works with their date only are not placed" if lang == "en"
                                        else f"；{date_only:,} 件只有发布日期的作品未计入")
    if lang == "en":
        return (f"Best slot: {slot} (Beijing time), {numbers.fmt(best['mean_reads'], lang)} reads per work over "
                f"{best['works']:,} works, {numbers.pct(lift, lang, signed=True)} against the period's average{unknown}")
    return (f"效果最好的时段：{slot}（北京时间），{best['works']:,} 件作品平均阅读/播放 {numbers.fmt(best['mean_reads'], lang)}，"
            f"比本期平均高 {numbers.pct(lift, lang)}{unknown}")


def build(c: Context) -> list[Section]:
    f, lang = c.link.filters, c.lang
    if not content.has_posts(c.engine):
        return []
    start, end = content.period_of(c.engine, f)
    period = c.pick(f"{start} 至 {end}", f"{start} to {end}")
    totals = content.totals(c.engine, f)
    overall = totals[totals["platform"].isna()]
    if overall.empty or not int(overall["works"].iloc[0]):
        return []
    before = content.totals(c.engine, _previous(f, start, end))
    before_all = before[before["platform"].isna()]
    cards = _cards(overall.iloc[0], before_all.iloc[0] if not before_all.empty else None, lang)
    by_platform = totals[totals["platform"].notna()].reset_index(drop=True)
    top = content.top_works(c.engine, f)
    present = [p for p in platforms.CODES if p in set(top["platform"])]
    platform = c.opt("board") if c.opt("board") in present else present[0]
    board = shown_works(top[top["platform"] == platform].reset_index(drop=True), lang)
    leaders = content.top_accounts(c.engine, f)
    leaders = leaders[leaders["platform"] == platform].reset_index(drop=True)
    mix = content.kind_mix(c.engine, f)
    cells = content.heatmap(c.engine, f)
    best = content.best_slot(cells)
    date_only = int(overall["date_only"].iloc[0])
    kw = content.keywords(c.engine, f)
    name = platforms.name(platform, lang)
    reads = _reads_word(platform, c)
    fmt = lambda v: numbers.fmt(v, lang)  # noqa: E731
    lead_sum = leaders[["works", "reads", "likes", "comments", "shares"]].sum()
    work_word = c.pick("作品", "works")
    sections = [
        Section("totals", c.pick(f"本期发布概况 · {period}", f"What was published · {period}"), by_platform,
                kind=Kind.CARDS, cards=cards, figure=_totals_figure(cards),
                takeaway=c.pick(f"{period}，对比上一等长时段", f"{period}, against the period of the same length before"),
                columns=[col("platform", "platform", dim="platform"), col("works", "works", "int"),
                         col("accounts", "posting_accounts", "int"), col("reads", "reads", "count"),
                         col("likes", "likes", "count"), col("comments", "comments", "count"),
                         col("shares", "shares", "count"), col("interactions", "interactions", "count"),
                         col("ten_wan", "ten_wan", "int"), col("original_share", "original_share", "pct")]),
        Section("top_works", c.pick(f"{name}热门作品 · {period}", f"Top {platforms.name(platform, 'en')} works · {period}"),
                board, table=board, layout=Layout(row=1),
                figure=lambda theme, scale, title: content_fig.top_works_figure(board, lang, theme, scale, title=title),
                takeaway=_top_takeaway(board, reads, c),
                caption=c.pick("按阅读/播放排名，并列者名次相同；标题链接到原作品。", "Ranked by reads (plays); ties share a rank. "
                               "The link opens the work itself."),
                columns=work_columns(c, with_platform=False)),
        Section("top_accounts", c.pick(f"{name}作品阅读最多的账号", f"{platforms.name(platform, 'en')} accounts read most"),
                leaders, kind=Kind.TABLE, layout=Layout(row=2, on_slides=False),
                summary=c.pick(f"前 {len(leaders)} 个账号共发布{work_word} **{int(lead_sum['works']):,}** 件，{reads} "
                               f"**{fmt(lead_sum['reads'])}**，点赞 **{fmt(lead_sum['likes'])}**，评论 **{fmt(lead_sum['comments'])}**，"
                               f"转发/分享 **{fmt(lead_sum['shares'])}**。",
                               f"The top {len(leaders)} accounts published **{int(lead_sum['works']):,}** works together: "
                               f"**{fmt(lead_sum['reads'])}** {reads}, **{fmt(lead_sum['likes'])}** likes, "
                               f"**{fmt(lead_sum['comments'])}** comments, **{fmt(lead_sum['shares'])}** shares."),
                columns=[col("rank", "rank", "int"), col("account_name", "account_name"), col("works", "works", "int"),
                         col("reads", "reads", "count"), col("likes", "likes", "count"),
                         col("comments", "comments", "count"), col("shares", "shares", "count")]),
        Section("kinds", c.pick("作品类型构成", "Kinds of work"), mix, layout=Layout(row=3, width=2),
                figure=lambda theme, scale, title: content_fig.kind_mix_figure(mix, f.granularity, lang, theme, scale,
                                                                              title=title),
                takeaway=_kind_takeaway(mix, lang),
                columns=[col("period", "period", "date"), Col("kind_name", "作品类型", "Kind"), col("works", "works", "int"),
                         col("share", "share", "pct")], table=_kinds_table(mix, lang)),
        Section("when_posted", c.pick("何时发布", "When accounts post"), cells, layout=Layout(row=3, width=3, tab=c.pick("发布量", "Works")),
                figure=lambda theme, scale, title: content_fig.heatmap_figure(cells, "works", lang, theme, scale, title=title),
                takeaway=_busiest(cells, lang), caption=c.pick("星期 × 发布时段（北京时间）的作品数。", "Works by weekday and hour (Beijing time)."),
                columns=cell_columns(), table=cells_table(cells, lang)),
        Section("when_best", c.pick("何时效果最好", "When posts do best"), cells,
                layout=Layout(row=3, width=3, tab=c.pick("平均阅读", "Mean reads")),
                figure=lambda theme, scale, title: content_fig.heatmap_figure(cells, "mean_reads", lang, theme, scale,
                                                                              title=title),
                takeaway=slot_takeaway(best, date_only, lang),
                caption=c.pick(f"每个时段作品的平均阅读/播放；作品数不足本期 {content.MIN_SLOT_SHARE:.0%}（且少于 3 件）的时段不参与评选。",
                               f"Mean reads (plays) of the works of each slot; slots with under {content.MIN_SLOT_SHARE:.0%} "
                               "of the period's works (or fewer than 3) are not candidates for the best."),
                columns=cell_columns(), table=cells_table(cells, lang)),
        Section("keywords", c.pick(f"本期关键词 · {period}", f"Keywords · {period}"), kw, layout=Layout(row=4),
                figure=lambda theme, scale, title: content_fig.keywords_figure(kw, lang, theme, scale, title=title),
                takeaway=c.pick("本期关键词：" + "、".join(kw["word"].head(5)), "Keywords: " + ", ".join(kw["word"].head(5)))
                if not kw.empty else "",
                notes=c.pick("词取自标题和正文前 300 字，用 jieba 分词（附政务词典，政务新媒体、一网通办等保持为一个词），去掉停用词、单字和数字。"
                             "TF-IDF = 该词在本期所选作品中的出现次数占比 × ln(全表作品数 ÷ 含该词的作品数)。",
                             "Words come from the title and the first 300 characters of the text, cut by jieba with a "
                             "dictionary of government terms (政务新媒体, 一网通办 stay one word), without stop words, "
                             "single characters and numbers. TF-IDF = the word's share of the words of the selected works "
                             "× ln(works in the table ÷ works using the word)."),
                notes_title=c.pick("关键词计算方法", "How keywords are found"),
                columns=[col("word", "word"), Col("score", "TF-IDF", "TF-IDF", "score"),
                         Col("occurrences", "出现次数", "Occurrences", "int"), col("posts", "posts_with_word", "int")],
                table=kw.assign(score=kw["score"] * 1000)),
    ]
    return sections


def _top_takeaway(board: pd.DataFrame, reads: str, c: Context) -> str:
    if board.empty:
        return ""
    first = board.iloc[0]
    return c.pick(f"最热作品：{first['account_name']}《{first['title']}》，{reads} {numbers.fmt(first['reads'], c.lang)}",
                  f"Top work: {first['account_name']}, “{first['title']}”, {numbers.fmt(first['reads'], c.lang)} {reads}")


def _kind_takeaway(mix: pd.DataFrame, lang: str) -> str:
    if mix.empty:
        return ""
    last = mix[mix["period"] == mix["period"].max()].sort_values("works", ascending=False).iloc[0]
    name = works.name(None if last["kind"] == "unknown" else last["kind"], lang)
    return (f"Latest period: {name} is {numbers.pct(last['share'], lang)} of the works" if lang == "en"
            else f"最近一期{name}占作品的 {numbers.pct(last['share'], lang)}")


def _kinds_table(mix: pd.DataFrame, lang: str) -> pd.DataFrame:
    out = mix.copy()
    out["kind_name"] = [works.name(None if k == "unknown" else k, lang) for k in out["kind"]]
    return out


def cell_columns() -> list[Col]:
    return [Col("weekday_name", "星期", "Weekday"), Col("hour_name", "时段（北京时间）", "Hour (Beijing time)"),
            col("works", "works", "int"), col("mean_reads", "mean_reads", "count"), col("reads", "reads", "count")]


def cells_table(cells: pd.DataFrame, lang: str) -> pd.DataFrame:
    out = cells.copy()
    out["weekday_name"] = [content_fig.weekday_name(int(d), lang) for d in out["weekday"]]
    out["hour_name"] = [f"{int(h):02d}:00–{int(h) + 1:02d}:00" for h in out["hour"]]
    return out


def _busiest(cells: pd.DataFrame, lang: str) -> str:
    if cells.empty:
        return ""
    top = cells.sort_values(["works", "weekday", "hour"], ascending=[False, True, True]).iloc[0]
    slot = f"{content_fig.weekday_name(int(top['weekday']), lang)} {int(top['hour']):02d}:00"
    return (f"Busiest slot: {slot}, {int(top['works']):,} works" if lang == "en"
            else f"发布最集中的时段：{slot}，{int(top['works']):,} 件作品")


SPEC = PageSpec("content", "内容", "Content", "本期发布了什么：热门作品、10万+ 作品、作品类型、发布时段与效果、原创占比和关键词。",
                "What was published: top works, 100k+ works, kinds of work, when accounts post and when posts do best, "
                "original share and keywords.", ":material/article:", options=("board",), build=build)
