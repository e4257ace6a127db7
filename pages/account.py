"""账号: find any account by name (current or former) or id, and see its metrics, index, weekly rank
on its platform and name history."""

import streamlit as st

from analytics import account, indices, numbers, platforms, regions, vocab
from analytics.figures import account as account_fig
from ui import charts, data, page, tables
from ui.i18n import lang, pick, t
from ui.markup import plain
from ui.tables import Col

engine, f = page.context()
page.header("account", "按名称（含曾用名）或账号 ID 查找任一账号，查看其指标、传播指数、周排名和名称沿革。",
            "Find any account by name (current or former) or id; see its metrics, index, weekly rank and names.")
query = st.text_input(pick("搜索账号名称或 ID", "Search by account name or id"), key="account_search",
                      placeholder=pick("例如：中国警方在线", "e.g. 中国警方在线"))
if query:
    hits = data.call(account.search, engine, query, f)
    if hits.empty:
        st.info(pick("没有找到匹配的账号。", "No matching account."))
    else:
        hits["platform_name"] = [platforms.name(p, lang()) for p in hits["platform"]]
        hits["province_name"] = [regions.name(p, lang()) for p in hits["province"]]
        clicked = tables.show(hits, [Col("account_name", t("account_name")), Col("platform_name", t("platform")),
                                     Col("province_name", t("province")), Col("city", t("city")),
                                     Col("followers", t("followers"), "count"),
                                     Col("last_seen", pick("最近快照", "Last snapshot"), "date")],
                              key="account_hits", clickable=True, height=min(40 + 35 * len(hits), 320))
        if clicked:
            row = hits.iloc[clicked[0]]
            st.session_state["account"] = f"{row['platform']}:{row['account_id']}"

selected = st.session_state.get("account") or ""
platform, _, account_id = selected.partition(":")
if not selected:
    st.caption(pick("在任一页面的表格中点击账号，或在上方搜索。", "Click an account in any table, or search above."))
    st.stop()
profile = data.call(account.profile, engine, platform, account_id) if platform in platforms.CODES else None
if profile is None:
    st.warning(pick(f"找不到账号 {selected!r}：链接中的 account 参数应为“平台:账号ID”。",
                    f"No account {selected!r}: the link's account parameter should be platform:account_id."))
    st.stop()

spec = indices.spec_for(platform)
st.header(f"{plain(profile['account_name'])} · {platforms.name(platform, lang())}")
level = vocab.level_name(profile["level"], lang()) if profile["level"] else "–"
closed = profile["last_seen"] < profile["data_end"]
status = (pick(f"已于 {profile['last_seen'].date()} 后停止报送", f"no snapshots after {profile['last_seen'].date()}")
          if closed else pick("运营中", "active"))
parts = [f"ID {account_id}", regions.name(profile["province"], lang(), full=True), profile["city"] or "", level,
         vocab.sector_name(profile["sector"] or "", lang()), profile["agency"] or "", status]
st.markdown(" · ".join(plain(p) for p in parts if p))
weeks = data.call(account.weeks, engine, platform, account_id, f)
if weeks.empty:
    st.info(t("no_data"))
    st.stop()
latest = weeks.iloc[-1]
c = st.columns(5)
c[0].metric(t("followers"), numbers.fmt(latest["followers"], lang()), border=True)
c[1].metric(pick("最近一周发文", "Posts last week"), f"{int(latest['posts'])}", border=True)
c[2].metric(pick("最近一周阅读/播放", "Reads last week"), numbers.fmt(latest["reads"], lang()), border=True)
c[3].metric(f"{spec.code} {spec.version}", f"{latest['score']:.1f}{' ≈' if latest['approximate'] else ''}", border=True)
c[4].metric(pick("平台周排名", "Weekly rank on platform"), f"{int(latest['rank'])} / {int(latest['of_accounts'])}", border=True)
last_post = profile["last_post"]
st.caption(pick(f"最近发布：{last_post.date() if last_post == last_post and last_post is not None else '从未'}；首次出现：{profile['first_seen'].date()}",
                f"Last post: {last_post.date() if last_post == last_post and last_post is not None else 'never'}; first seen: {profile['first_seen'].date()}"))

charts.show(account_fig.account_figure(weeks, platform, lang(), charts.theme(), charts.scale(),
                                       title=pick("阅读/播放与粉丝", "Reads and followers")), key="account_chart")
charts.show(account_fig.rank_figure(weeks, platform, lang(), charts.theme(), charts.scale(),
                                    title=pick(f"在{platforms.name(platform)}政务账号中的周排名（{spec.code}）",
                                               f"Weekly rank among government {platforms.name(platform, 'en')} accounts ({spec.code})")),
            key="account_rank")
left, right = st.columns([1, 2])
with left:
    st.subheader(pick("名称沿革", "Names"))
    names = data.call(account.names, engine, platform, account_id)
    tables.show(names, [Col("account_name", t("account_name")), Col("since", pick("起", "From"), "date"),
                        Col("until", pick("止", "Until"), "date")], key="account_names")
with right:
    st.subheader(t("table"))
    tables.show(weeks.sort_values("snapshot_date", ascending=False),
                [Col("snapshot_date", pick("快照日期", "Snapshot"), "date"), Col("account_name", t("account_name")),
                 Col("followers", t("followers"), "count"), Col("posts", t("posts"), "int"),
                 Col("reads", t("reads"), "count"), Col("interactions", t("interactions"), "count"),
                 Col("score", spec.code, "score"), Col("rank", t("rank"), "int")], key="account_weeks", height=360)
