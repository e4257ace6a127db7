"""总览: how are we doing? Headline figures against the previous period, the trend, the platform
mix, the leading accounts and the regions, on one screen."""

import streamlit as st

from ui import device, page, widgets

page.start("overview")
if device.phone():
    st.caption(widgets.last_update_note())
else:
    st.info(widgets.last_update_note(), icon=":material/update:")
page.body("overview")
