"""The root URL: forward to the overview, keeping the link's parameters."""

import streamlit as st

st.switch_page("pages/overview.py", query_params={k: st.query_params.get_all(k) for k in st.query_params.keys()})
