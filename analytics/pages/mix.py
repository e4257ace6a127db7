"""平台结构: which platforms carry the matrix — accounts, followers, reads and interactions — and how
that mix shifts over time and across provinces. Click a platform to filter by it."""

from __future__ import annotations

from analytics.output import takeaways
from analytics.output.figures import mix as mix_fig
from analytics.output.tables import Col, col
from analytics.pages import marks
from analytics.pages.selection import Select
from analytics.pages.spec import Context, Layout, PageSpec, Section
from analytics.views import mix


def build(c: Context) -> list[Section]:
    f, lang, metric = c.filters, c.lang, c.metric
    shares = mix.mix(c.engine, f)
    over = mix.mix_over_time(c.engine, f)
    by_province = mix.province_platform(c.engine, f)
    name = c.metric_name()
    share = ("占比", "Share")
    events = marks.shown(c)
    return [
        Section("share", c.pick("平台结构", "Platform mix"), shares, select=Select.PLATFORM,
                figure=lambda theme, scale, title: mix_fig.mix_share_figure(shares, lang, theme, scale, title=title),
                takeaway=takeaways.mix(shares, lang), layout=Layout(expanded=False),
                caption=c.pick("账号数、粉丝数取所选时段最后一次快照；阅读与互动为时段合计。",
                               "Accounts and followers on the range's last snapshot; reads and interactions summed over "
                               "the range."),
                columns=[col("platform", "platform", dim="platform"), col("accounts", "accounts", "int"),
                         Col("accounts_share", *share, "pct"), col("followers", "followers", "count"),
                         Col("followers_share", *share, "pct"), col("reads", "reads", "count"),
                         Col("reads_share", *share, "pct"), col("interactions", "interactions", "count"),
                         Col("interactions_share", *share, "pct")]),
        Section("over_time", c.pick(f"{name}的平台构成变化", f"{name} by platform over time"), over, layout=Layout(row=1, width=3),
                figure=marks.marked(lambda theme, scale, title: mix_fig.mix_area_figure(over, metric, f.granularity, lang,
                                                                                        theme, scale, title=title),
                                    events, lang), events=marks.notes(events, lang)),
        Section("by_province", c.pick(f"各省{name}的平台占比", f"{name}: platform share by province"), by_province,
                layout=Layout(row=1, width=2),
                figure=lambda theme, scale, title: mix_fig.province_platform_figure(by_province, metric, lang, theme,
                                                                                    scale, title=title)),
    ]


SPEC = PageSpec("mix", "平台结构", "Platform mix",
                "各平台承载了多少账号、粉丝、阅读和互动，结构如何随时间和地区变化。点击图中的平台可按平台筛选。",
                "How accounts, followers, reads and interactions split across platforms, over time and by province. "
                "Click a platform to filter by it.", ":material/donut_small:",
                options=("events",), metrics=("followers", "accounts", "reads", "interactions", "posts"), build=build)
