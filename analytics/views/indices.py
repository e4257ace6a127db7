"""Communication indices (WCI, BCI, DCI, GCI) and the matrix index: formulas, versions, and their SQL.

Every index is computed from one account's totals over a period, in the columns of an aggregate
relation: n posts, d days, r reads/plays, z 在看, l likes, c comments, s shares, rt headline reads,
rmax the largest single-post reads. The SQL built here is the only implementation; tests check
it against the formulas written out by hand.
"""

from __future__ import annotations

from dataclasses import dataclass

from analytics.vocab import platforms


@dataclass(frozen=True)
class IndexSpec:
    code: str
    version: str
    zh: str
    en: str
    formula: str
    notes_zh: str
    notes_en: str

    @property
    def label(self) -> str:
        return f"{self.code} {self.version}"


WCI = IndexSpec(
    "WCI", "V14.2", "微信传播指数", "WeChat Communication Index",
    "f(r,z,l,re) = 0.70·ln(r+1) + 0.09·ln(10z+1) + 0.06·ln(10l+1) + 0.15·ln(10re+1);  "
    "WCI = (0.6·f(R/d,Z/d,L/d,RE/d) + 0.2·f(R/n,Z/n,L/n,RE/n) + 0.1·f(Rt/d,Zt/d,Lt/d,REt/d) "
    "+ 0.1·f(Rmax,Zmax,Lmax,REmax))² × 1.2 × 10",
    "R、Z、L、RE 为周期内阅读、在看、点赞、转发，n 为发文数，d 为天数；Rt 为头条阅读，Rmax 为单篇最高阅读。"
    "头条与单篇最高的在看、点赞、转发按阅读占比折算（快照数据不含逐篇互动）。"
    "缺少头条阅读时按每天一篇头条、篇均阅读估算（Rt≈R/n·min(n,d)）；缺少单篇最高阅读时按篇均估算（Rmax≈R/n）；"
    "缺少在看时以点赞代替；以上情况标记为近似值（≈）。",
    "R, Z, L, RE are the period's reads, 在看, likes and shares over n posts and d days; Rt headline reads, "
    "Rmax the best single post's reads. Headline and best-post interactions are pro-rated by reads (snapshots "
    "carry no per-post interactions). Without headline reads, Rt ≈ R/n·min(n,d) (one headline a day at the "
    "average); without best-post reads, Rmax ≈ R/n; without 在看, Z ≈ likes. Such scores are marked approximate (≈).",
)
BCI = IndexSpec(
    "BCI", "V1.0", "微博传播指数", "Weibo Communication Index",
    "BCI = (0.2·ln(X1+1) + 0.8·(0.4·ln(X2+1) + 0.4·ln(X3+1) + 0.2·ln(X4+1))) × 160",
    "X1 发博数，X2 转发数，X3 评论数，X4 点赞数，均为周期合计。",
    "X1 posts, X2 shares, X3 comments, X4 likes, all period totals.",
)
DCI = IndexSpec(
    "DCI", "V1.0", "短视频传播指数", "Short-video Communication Index",
    "DCI = 100 × (0.10·ln(W/d+1) + 0.45·ln(P/d+1) + 0.25·ln(L/d+1) + 0.12·ln(C/d+1) + 0.08·ln(S/d+1))",
    "本项目定义（抖音、快手无官方公式）：W 作品数，P 播放量，L 点赞，C 评论，S 分享，均按周期天数 d 折算为日均。"
    "播放量权重最高，反映触达；点赞、评论反映认可与讨论；分享权重最低，因短视频平台分享数波动大。",
    "This project's definition (no official formula is published for Douyin/Kuaishou): W works, P plays, L likes, "
    "C comments, S shares, each per day over the period's d days. Plays weigh most (reach), then likes and comments; "
    "shares least, as they swing widely on short-video platforms.",
)
GCI = IndexSpec(
    "GCI", "V1.0", "通用传播指数", "General Communication Index",
    "GCI = 100 × (0.15·ln(N/d+1) + 0.40·ln(R/d+1) + 0.20·ln(L/d+1) + 0.15·ln(C/d+1) + 0.10·ln(S/d+1))",
    "本项目定义，用于今日头条、B站、小红书和政务App：N 发文数，R 阅读/播放，L 点赞，C 评论，S 转发，均为日均。",
    "This project's definition for Toutiao, Bilibili, Xiaohongshu and government apps: N posts, R reads/views, "
    "L likes, C comments, S shares, each per day.",
)
SPECS: dict[str, IndexSpec] = {s.code: s for s in (WCI, BCI, DCI, GCI)}

# Matrix index (矩阵指数): each account's index is scaled to 0–100 by the best score on its platform in
# the same period; an agency takes its best account per platform, weighted below, summed over all
# eight platforms so that missing platforms count as zero coverage.
MATRIX_VERSION = "V1.0"
MATRIX_WEIGHTS: dict[str, float] = {
    "wechat": 0.25, "weibo": 0.20, "douyin": 0.20, "toutiao": 0.10,
    "kuaishou": 0.10, "bilibili": 0.05, "xiaohongshu": 0.05, "app": 0.05,
}
MATRIX_FORMULA = ("矩阵指数 = Σ 平台权重 × (该主体在该平台最佳账号指数 ÷ 同期该平台最高指数 × 100)；权重："
                  + "、".join(f"{platforms.name(p)} {w:.2f}" for p, w in MATRIX_WEIGHTS.items()))
MATRIX_FORMULA_EN = ("Matrix index = Σ weight × (agency's best account index on the platform ÷ the platform's best "
                     "index in the period × 100); weights: "
                     + ", ".join(f"{platforms.name(p, 'en')} {w:.2f}" for p, w in MATRIX_WEIGHTS.items()))


def spec_for(platform: str) -> IndexSpec:
    return SPECS[platforms.BY_CODE[platform].index]


def _div(a: str, b: str) -> str:
    return f"(CASE WHEN {b} > 0 THEN ({a})::DOUBLE / ({b}) ELSE 0 END)"


def _wci_f(r: str, z: str, l: str, re: str) -> str:
    return (f"(0.70*ln({r}+1) + 0.09*ln(10*{z}+1) + 0.06*ln(10*{l}+1) + 0.15*ln(10*{re}+1))")


def wci_sql() -> str:
    z = "coalesce(z, l)"
    rt = "coalesce(rt, " + _div("r", "n") + " * least(n, d))"
    rmax = "coalesce(rmax, " + _div("r", "n") + ")"
    share_t = _div(rt, "r")
    share_m = _div(rmax, "r")
    per_day = _wci_f(_div("r", "d"), _div(z, "d"), _div("l", "d"), _div("s", "d"))
    per_post = _wci_f(_div("r", "n"), _div(z, "n"), _div("l", "n"), _div("s", "n"))
    head = _wci_f(_div(rt, "d"), _div(f"{z}*{share_t}", "d"), _div(f"l*{share_t}", "d"), _div(f"s*{share_t}", "d"))
    best = _wci_f(rmax, f"{z}*{share_m}", f"l*{share_m}", f"s*{share_m}")
    return f"(CASE WHEN n > 0 THEN pow(0.6*{per_day} + 0.2*{per_post} + 0.1*{head} + 0.1*{best}, 2) * 1.2 * 10 ELSE 0 END)"


def bci_sql() -> str:
    return "((0.2*ln(n+1) + 0.8*(0.4*ln(s+1) + 0.4*ln(c+1) + 0.2*ln(l+1))) * 160)"


def _per_day_log_sql(weights: tuple[float, float, float, float, float]) -> str:
    terms = [f"{w}*ln({_div(col, 'd')}+1)" for w, col in zip(weights, ("n", "r", "l", "c", "s"))]
    return f"(100 * ({' + '.join(terms)}))"


def dci_sql() -> str:
    return _per_day_log_sql((0.10, 0.45, 0.25, 0.12, 0.08))


def gci_sql() -> str:
    return _per_day_log_sql((0.15, 0.40, 0.20, 0.15, 0.10))


_BY_CODE_SQL = {"WCI": wci_sql, "BCI": bci_sql, "DCI": dci_sql, "GCI": gci_sql}


def index_sql(platform_col: str = "platform") -> str:
    """One CASE expression giving every account's own platform index."""
    whens = []
    for code, build in _BY_CODE_SQL.items():
        members = ", ".join(f"'{p.code}'" for p in platforms.PLATFORMS if p.index == code)
        whens.append(f"WHEN {platform_col} IN ({members}) THEN {build()}")
    return f"(CASE {' '.join(whens)} END)"


def approximate_sql(platform_col: str = "platform") -> str:
    """True where WCI had to estimate an input the formula wants."""
    return f"({platform_col} = 'wechat' AND (rt IS NULL OR rmax IS NULL OR z IS NULL))"


def index_code_sql(platform_col: str = "platform") -> str:
    whens = " ".join(f"WHEN '{p.code}' THEN '{p.index}'" for p in platforms.PLATFORMS)
    return f"(CASE {platform_col} {whens} END)"
