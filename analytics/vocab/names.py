"""Every name shown to people, in Chinese and English: labels of fields and dimensions, and the display
name of any dimension value (a platform code, a province, a level, a sector, a metric, a granularity).
The screen, presentation mode and every export take their words from here."""

from __future__ import annotations

from analytics.vocab import metrics, platforms, provinces, units

LABELS: dict[str, tuple[str, str]] = {
    "app_title": ("政务新媒体数据看板", "Government New-Media Dashboard"),
    "audit_title": ("审计", "Audit"),
    "sign_in_required": ("本看板需要登录后查看。", "Sign in to see this dashboard."),
    "filters": ("筛选", "Filters"), "province": ("省份", "Province"), "city": ("地市", "City"),
    "platform": ("平台", "Platform"), "sector": ("行业", "Sector"), "level": ("层级", "Level"),
    "dates": ("日期范围", "Date range"), "granularity": ("时间粒度", "Granularity"), "reset": ("重置筛选", "Reset filters"),
    "all": ("全部", "All"), "language": ("语言", "Language"), "metric": ("指标", "Metric"),
    "split_by": ("拆分方式", "Split by"), "total": ("合计", "Total"), "rolling": ("显示移动平均", "Show rolling mean"),
    "data_cutoff": ("数据截至 {date} · 版本 {version}", "Data to {date} · version {version}"),
    "updated": ("数据最近更新：{when}（{who}，{action}）", "Data last updated: {when} ({who}, {action})"),
    "table": ("数据表", "Data table"), "no_data": ("所选条件下没有数据。", "No data for the selected filters."),
    "url_warning": ("链接中的部分参数无效，已忽略：", "Some link parameters were invalid and ignored:"),
    "url_scope": ("（您可查看的范围：{scope}）", "(you may see: {scope})"),
    "period": ("时间", "Period"), "series": ("系列", "Series"), "value": ("数值", "Value"),
    "pop": ("环比", "vs previous"), "yoy": ("同比", "Year on year"), "share": ("占比", "Share"),
    "rank": ("排名", "Rank"), "account": ("账号", "Account"), "account_name": ("账号名称", "Account name"),
    "rank_change": ("名次变化", "Change"), "new_entry": ("新上榜", "New"), "index": ("指数", "Index"),
    "approximate": ("近似值", "Approximate"), "top_n": ("榜单人数", "Top N"),
    "followers": ("粉丝数", "Followers"), "posts": ("发文数", "Posts"), "reads": ("阅读/播放", "Reads/plays"),
    "likes": ("点赞", "Likes"), "comments": ("评论", "Comments"), "shares": ("转发", "Shares"),
    "interactions": ("互动量", "Interactions"), "accounts": ("账号数", "Accounts"),
    "active_accounts": ("活跃账号", "Active accounts"), "pass_rate": ("合格率", "Pass rate"),
    "click_hint": ("点击表格中的一行查看账号详情。", "Click a row to open the account."),
    "formula": ("计算公式", "Formula"), "check_date": ("检查日期", "Check date"),
    "rate": ("增长率", "Growth rate"), "increment": ("增量", "Increment"), "opened": ("新开设", "Opened"),
    "closed": ("关停/注销", "Closed"),
    "unknown": ("未填写", "Not given"),
    "works": ("作品数", "Works"), "posting_accounts": ("发布账号", "Accounts posting"),
    "ten_wan": ("10万+ 作品", "Works with 100k+ reads"), "original_share": ("原创占比", "Original share"),
    "title": ("标题", "Title"), "published_at": ("发布时间", "Published"), "kind": ("作品类型", "Kind"),
    "link": ("链接", "Link"), "word": ("关键词", "Keyword"), "keyword_score": ("TF-IDF", "TF-IDF"),
    "posts_with_word": ("含该词作品", "Posts using it"), "weekday": ("星期", "Weekday"), "hour": ("时段", "Hour"),
    "mean_reads": ("平均阅读/播放", "Mean reads/plays"), "original": ("原创", "Original"),
}
GRANULARITIES: dict[str, tuple[str, str]] = {
    "week": ("周", "Week"), "month": ("月", "Month"), "quarter": ("季度", "Quarter"),
    "half": ("半年", "Half-year"), "year": ("年", "Year"),
}


def label(key: str, lang: str = "zh", **values: object) -> str:
    zh, en = LABELS.get(key, (key, key))
    text = en if lang == "en" else zh
    return text.format(**values) if values else text


def value(dimension: str, code: object, lang: str = "zh", full: bool = False) -> str:
    """The display name of one value of a dimension; unknown or missing values show as given (or '')."""
    if code is None or code != code:
        return ""
    code = str(code)
    if dimension == "platform":
        return platforms.name(code, lang)
    if dimension == "province":
        return provinces.name(code, lang, full=full)
    if dimension == "level":
        return units.level_name(code, lang)
    if dimension == "sector":
        return units.sector_name(code, lang)
    if dimension == "metric":
        return metrics.METRICS[code].name(lang) if code in metrics.METRICS else code
    if dimension == "granularity":
        pair = GRANULARITIES.get(code)
        return (pair[1] if lang == "en" else pair[0]) if pair else code
    return code


def values(dimension: str, codes, lang: str = "zh", full: bool = False) -> list[str]:
    return [value(dimension, c, lang, full) for c in codes]
