"""One-line takeaways computed from a view's result, for slide footers and deck text."""

from __future__ import annotations

import pandas as pd

from analytics.events import model as events_model
from analytics.output import numbers
from analytics.output.figures.style import series_name
from analytics.vocab import periods, platforms, provinces
from analytics.vocab.metrics import METRICS


def _zh(lang: str) -> bool:
    return lang != "en"


FALL_CAUSES = ("cleanup", "rename", "policy")  # what explains a fall: closures, mergers, rules
RISE_CAUSES = ("platform", "campaign", "incident", "policy")


def because(events: pd.DataFrame | None, start, end, fall: bool, lang: str, platform: str | None = None) -> str:
    """The clause naming the event that explains a rise or fall between `start` and `end`, or nothing.

    The event of a fitting kind in the period about the series' platform wins, then the largest (most accounts
    closed), then the most important;
    a clean-up or merger is named as the cause of a fall, anything else as what happened meanwhile."""
    if events is None or events.empty:
        return ""
    start, end = pd.Timestamp(start).date(), pd.Timestamp(end).date()
    last = [e if e is not None and not pd.isna(e) else s for s, e in zip(events["start"], events["end"])]
    kinds = FALL_CAUSES if fall else RISE_CAUSES
    within = events[[s <= end and stop >= start and k in kinds for s, stop, k in zip(events["start"], last, events["kind"])]]
    if within.empty:
        return ""
    if platform:  # another platform's clean-up explains nothing about this one
        within = within[[not sc.startswith("platform:") or sc == f"platform:{platform}" for sc in within["scope"]]]
        if within.empty:
            return ""
    ours = within["scope"] == f"platform:{platform}"
    row = within.assign(_ours=ours, _weight=within["weight"].fillna(0).astype(float)).sort_values(
        ["_ours", "_weight", "importance", "start"], ascending=[False, False, False, True]).iloc[0]
    title = events_model.title(row, lang)
    causal = fall and row["kind"] in ("cleanup", "rename")
    if _zh(lang):
        return f"，主要因{title}" if causal else f"，期间：{title}"
    return f", mainly from: {title}" if causal else f"; in the period: {title}"


def trend(df: pd.DataFrame, metric: str, granularity: str, by: str | None, lang: str,
          events: pd.DataFrame | None = None) -> str:
    """The latest bucket: the total, its change on the previous bucket, and the largest series."""
    if df.empty:
        return ""
    last = df["period"].max()
    now = df[df["period"] == last]
    before = df[df["period"] == df.loc[df["period"] < last, "period"].max()] if (df["period"] < last).any() else now.iloc[0:0]
    total, prev = now["value"].sum(), before["value"].sum()
    name = METRICS[metric].name(lang)
    label = periods.label(last, granularity, lang)
    change = numbers.pct(total / prev - 1, lang, signed=True) if prev else "–"
    text = (f"{label}{name} {numbers.fmt(total, lang)}，较上期 {change}" if _zh(lang)
            else f"{name} {numbers.fmt(total, lang)} in {label}, {change} on the previous period")
    if prev and total != prev and not before.empty:
        text += because(events, before["period"].iloc[0], periods.bucket_end(last, granularity), total < prev, lang)
    if by and len(now) > 1:
        top = now.sort_values("value", ascending=False).iloc[0]
        share = numbers.pct(top["value"] / total, lang) if total else "–"
        who = series_name(top["series"], by, lang)
        text += f"；{who}最多，占 {share}" if _zh(lang) else f"; {who} leads with {share}"
    return text


def platform_growth(df: pd.DataFrame, metric: str, lang: str, events: pd.DataFrame | None = None) -> str:
    """Half-on-half change of the fastest-growing platform and of the total (e.g. 抖音 followers +12.3 %)."""
    if df.empty:
        return ""
    last = df["period"].max()
    now = df[df["period"] == last].dropna(subset=["rate"])
    name = METRICS[metric].name(lang)
    total = df.groupby("period")["scale"].sum().sort_index()
    total_rate = total.iloc[-1] / total.iloc[-2] - 1 if len(total) > 1 and total.iloc[-2] else None
    label = periods.half_end(last)
    head = (f"{label} 合计{name} {numbers.fmt(total.iloc[-1], lang)}，环比 {numbers.pct(total_rate, lang, signed=True)}"
            if _zh(lang) else f"{label}: {name.lower()} {numbers.fmt(total.iloc[-1], lang)}, "
                              f"{numbers.pct(total_rate, lang, signed=True)} half on half")
    if total_rate:
        previous = sorted(df["period"].unique())[-2]
        head += because(events, previous, periods.bucket_end(last, "half"), total_rate < 0, lang)
    top = now.sort_values("rate", ascending=False).iloc[0] if not now.empty else None
    if top is None or not top["rate"] > 0:
        return head
    who = platforms.name(top["series"], lang)
    tail = (f"；增长最快：{who} {numbers.pct(top['rate'], lang, signed=True)}" if _zh(lang)
            else f"; fastest: {who} {numbers.pct(top['rate'], lang, signed=True)}")
    return head + tail


def flows(df: pd.DataFrame, lang: str, events: pd.DataFrame | None = None) -> str:
    if df.empty or not df["closed"].any():
        return ""
    by_half = df.groupby("label")[["opened", "closed"]].sum()
    worst = by_half["closed"].idxmax()
    start = df.loc[df["label"] == worst, "period"].iloc[0]
    why = because(events, start, periods.bucket_end(start, "half"), True, lang)
    return (f"关停最集中的半年：{worst}，关停 {int(by_half.loc[worst, 'closed'])} 个、新开 {int(by_half.loc[worst, 'opened'])} 个{why}"
            if _zh(lang) else f"Most closures in {worst}: {int(by_half.loc[worst, 'closed'])} closed, "
                              f"{int(by_half.loc[worst, 'opened'])} opened{why}")


def government(df: pd.DataFrame, metric: str, lang: str, events: pd.DataFrame | None = None) -> str:
    """The first and last CNNIC count of one government series, its change, and the event behind it."""
    rows = df[df["metric"] == metric].sort_values("as_of")
    if len(rows) < 2:
        return ""
    first, last = rows.iloc[0], rows.iloc[-1]
    change = last["value"] / first["value"] - 1
    peak = rows.loc[rows["value"].idxmax()]
    base = peak if change < 0 and peak["as_of"] != last["as_of"] else first
    change = last["value"] / base["value"] - 1
    end = pd.Timestamp(f"{last['as_of']}-01") + pd.offsets.MonthEnd(0)
    why = because(events, pd.Timestamp(f"{base['as_of']}-01"), end, change < 0, lang,
                  platform="weibo" if "微博" in metric else "toutiao" if "头条" in metric else None)
    word = ("下降" if change < 0 else "增长") if _zh(lang) else ("down" if change < 0 else "up")
    if _zh(lang):
        return (f"{metric}：{base['as_of']} 为 {base['value']:,.0f}{base['unit']}，{last['as_of']} 为 {last['value']:,.0f}{base['unit']}，"
                f"{word} {abs(change):.1%}{why}")
    return f"{metric}: {base['value']:,.0f} in {base['as_of']}, {last['value']:,.0f} in {last['as_of']}, {word} {abs(change):.1%}{why}"


def cnnic(df: pd.DataFrame, lang: str) -> str:
    data = df.dropna(subset=["netizens_10k"])
    last = data.iloc[-1]
    rate = data.dropna(subset=["penetration_pct"]).iloc[-1]
    return (f"截至 {last['as_of']}，网民规模 {last['netizens_10k']:.0f}万；互联网普及率 {rate['penetration_pct']}%（{rate['as_of']}）"
            if _zh(lang) else f"{last['as_of']}: {numbers.fmt(last['netizens_10k'] * 1e4, 'en')} internet users; "
                              f"penetration {rate['penetration_pct']}% ({rate['as_of']})")


def ranking(top: pd.DataFrame, platform: str, lang: str) -> str:
    rows = top[top["platform"] == platform].sort_values("rank")
    if rows.empty:
        return ""
    first = rows.iloc[0]
    name = platforms.name(platform, lang)
    reads = numbers.fmt(rows["r"].sum(), lang)
    return (f"{name}榜首：{first['account_name']}（{first['index_code']} {first['score']:.1f}）；前 {len(rows)} 名合计阅读/播放 {reads}"
            if _zh(lang) else f"{name} leader: {first['account_name']} ({first['index_code']} {first['score']:.1f}); "
                              f"top {len(rows)} reads/plays {reads}")


def pass_rates(df: pd.DataFrame, by: str | None, lang: str) -> str:
    if df.empty:
        return ""
    low = df.sort_values("rate").iloc[0]
    total = df["passed"].sum() / df["accounts"].sum()
    who = series_name(low["grp"], by, lang)
    return (f"总体合格率 {numbers.pct(total, lang)}；最低：{who} {numbers.pct(low['rate'], lang)}（{int(low['failed'])} 个未达标）"
            if _zh(lang) else f"Overall pass rate {numbers.pct(total, lang)}; lowest: {who} {numbers.pct(low['rate'], lang)} "
                              f"({int(low['failed'])} failing)")


def province_ranking(df: pd.DataFrame, metric: str, lang: str) -> str:
    if df.empty:
        return ""
    first = df.sort_values("rank").iloc[0]
    name = METRICS[metric].name(lang)
    return (f"{name}居首：{provinces.name(first['province'], lang)}，{numbers.fmt(first['value'], lang)}，占 {numbers.pct(first['share'], lang)}"
            if _zh(lang) else f"Highest {name.lower()}: {provinces.name(first['province'], lang)}, "
                              f"{numbers.fmt(first['value'], lang)} ({numbers.pct(first['share'], lang)})")


def mix(df: pd.DataFrame, lang: str) -> str:
    if df.empty:
        return ""
    top = df.sort_values("reads_share", ascending=False).iloc[0]
    biggest = df.sort_values("accounts_share", ascending=False).iloc[0]
    return (f"{platforms.name(biggest['platform'], lang)}账号最多（{numbers.pct(biggest['accounts_share'], lang)}）；"
            f"{platforms.name(top['platform'], lang)}贡献 {numbers.pct(top['reads_share'], lang)} 的阅读/播放"
            if _zh(lang) else f"{platforms.name(biggest['platform'], lang)} has the most accounts "
                              f"({numbers.pct(biggest['accounts_share'], lang)}); {platforms.name(top['platform'], lang)} "
                              f"brings {numbers.pct(top['reads_share'], lang)} of reads/plays")
