"""One-line takeaways computed from a view's result, for slide footers and deck text."""

from __future__ import annotations

import pandas as pd

from analytics.output import numbers
from analytics.vocab import periods, platforms, provinces
from analytics.output.figures.style import series_name
from analytics.vocab.metrics import METRICS


def _zh(lang: str) -> bool:
    return lang != "en"


def trend(df: pd.DataFrame, metric: str, granularity: str, by: str | None, lang: str) -> str:
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
    if by and len(now) > 1:
        top = now.sort_values("value", ascending=False).iloc[0]
        share = numbers.pct(top["value"] / total, lang) if total else "–"
        who = series_name(top["series"], by, lang)
        text += f"；{who}最多，占 {share}" if _zh(lang) else f"; {who} leads with {share}"
    return text


def platform_growth(df: pd.DataFrame, metric: str, lang: str) -> str:
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
    top = now.sort_values("rate", ascending=False).iloc[0] if not now.empty else None
    if top is None or not top["rate"] > 0:
        return head
    who = platforms.name(top["series"], lang)
    tail = (f"；增长最快：{who} {numbers.pct(top['rate'], lang, signed=True)}" if _zh(lang)
            else f"; fastest: {who} {numbers.pct(top['rate'], lang, signed=True)}")
    return head + tail


def flows(df: pd.DataFrame, lang: str) -> str:
    if df.empty or not df["closed"].any():
        return ""
    by_half = df.groupby("label")[["opened", "closed"]].sum()
    worst = by_half["closed"].idxmax()
    return (f"关停最集中的半年：{worst}，关停 {int(by_half.loc[worst, 'closed'])} 个、新开 {int(by_half.loc[worst, 'opened'])} 个"
            if _zh(lang) else f"Most closures in {worst}: {int(by_half.loc[worst, 'closed'])} closed, "
                              f"{int(by_half.loc[worst, 'opened'])} opened")


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
