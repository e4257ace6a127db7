"""政务新媒体数据看板: the Streamlit entry point."""

import streamlit as st

from analytics import ingest, platforms
from analytics.stats import store_stats
from analytics.store import Store

st.set_page_config(page_title="政务新媒体数据看板", page_icon="📊", layout="wide")


@st.cache_resource
def _store() -> Store:
    store = Store.open()
    ingest.ensure_seeded(store)
    return store


stats = store_stats(_store())
st.title("政务新媒体数据看板")
st.caption(f"数据版本 {stats['version']} · {stats['first_date']} 至 {stats['last_date']}")
cols = st.columns(3)
cols[0].metric("账号数", f"{stats['accounts']:,}")
cols[1].metric("快照行数", f"{stats['rows']:,}")
cols[2].metric("平台数", len(stats["followers_last_by_platform"]))
st.dataframe(
    [{"平台": platforms.name(p), "最新粉丝数": v} for p, v in stats["followers_last_by_platform"].items()],
    hide_index=True,
)
