"""账号: find any account by name (current or former) or id, and see its metrics, index, weekly rank
on its platform and name history."""

import streamlit as st

from analytics.output.tables import Col, col
from analytics.pages import account as account_page
from analytics.pages import render
from analytics.views import account
from ui import data, nav, page, state, tables
from ui.i18n import pick

engine = page.engine()
page.start("account")
query = st.text_input(pick("搜索账号名称或 ID", "Search by account name or id"), key="account_search",
                      placeholder=pick("例如：中国警方在线", "e.g. 中国警方在线"))
if query:
    hits = data.call(account.search, engine, query, state.link().filters)
    if hits.empty:
        st.info(pick("没有找到匹配的账号。", "No matching account."))
    else:
        clicked = tables.show(hits, [col("account_name", "account_name"), col("platform", "platform", dim="platform"),
                                     col("province", "province", dim="province"), col("city", "city"),
                                     col("followers", "followers", "count"),
                                     Col("last_seen", "最近快照", "Last snapshot", "date")],
                              key="account_hits", page="account", clickable=True, height=min(40 + 35 * len(hits), 320))
        if clicked:
            row = hits.iloc[clicked[0]]
            nav.open_account(row["platform"], row["account_id"])

selected = state.link().account
if not selected:
    st.caption(pick("在任一页面的表格中点击账号，或在上方搜索。", "Click an account in any table, or search above."))
    st.stop()
if data.call(account_page.profile, render.context(engine, "account", state.link())) is None:
    st.warning(pick("找不到该账号：链接中的 account 参数应为“平台:账号ID”。",
                    "No such account: the link's account parameter should be platform:account_id."))
    st.stop()
page.body("account")
