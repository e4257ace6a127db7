"""政务新媒体数据看板: the frame. Page config, shared filters (created before the page runs so they
survive page switches), URL state, navigation. No SQL and no business rules here."""

import streamlit as st

from ui import data, nav, present, sidebar, state
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
key = nav.current_key(page)
filters = state.filters(bounds)
st.session_state["filters"] = filters
st.session_state["page_key"] = key
state.write_url(filters, key)

# The root URL forwards to /overview at once; the warnings wait for the page that stays.
warnings = st.session_state.pop("_url_warnings", []) if key != "home" else []
if warnings:
    st.warning(t("url_warning") + " " + "；".join(w.message(lang()) for w in warnings))

if st.session_state.get("present") and key != "home":
    present.render(key)
else:
    page.run()
state.write_url(filters, key)
