"""政务新媒体数据看板: the frame. Page config, shared filters (created before the page runs so they
survive page switches), URL state, navigation. No SQL and no business rules here."""

import streamlit as st

from ui import data, nav, sidebar, state
from ui.i18n import lang, t

st.set_page_config(page_title="政务新媒体数据看板", page_icon=":material/dashboard:", layout="wide")

state.apply_pending()
state.persist_widgets()
bounds = data.bounds()
dims = data.dimensions()
state.load_url_once(dims, bounds)
state.follow_bounds(bounds)
version = data.engine().version()
sidebar.render(dims, bounds, t("data_cutoff", date=bounds[1].isoformat(), version=version))

page = st.navigation(nav.build(), position="hidden" if st.session_state.get("present") else "sidebar")
filters = state.filters(bounds)
st.session_state["filters"] = filters
state.write_url(filters, nav.current_key(page))

# The root URL forwards to /overview at once; the warnings wait for the page that stays.
warnings = st.session_state.pop("_url_warnings", []) if nav.current_key(page) != "home" else []
if warnings:
    st.warning(t("url_warning") + " " + "；".join(w.message(lang()) for w in warnings))

page.run()
state.write_url(filters, nav.current_key(page))
