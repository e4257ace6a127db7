"""政务新媒体数据看板: the frame. Page config, settings check, navigation (before anything reads the
store, so the Data page is always reachable), the session's view from the link, the shared filters
(created before the page runs so they survive page switches), then the page or its presentation."""

from pathlib import Path

import streamlit as st

from analytics import settings
from analytics.access import directory
from analytics.errors import SettingError
from analytics.output import inert
from analytics.pages.registry import PAGES
from analytics.supervision import targets
from ui import data, device, nav, present, sidebar, signin, state, widgets
from ui.i18n import lang, t

ICON = Path(__file__).resolve().parent / "ui" / "icon.png"

# The icon is a file of ours: a Material icon as favicon makes the browser fetch it from Google's font
# servers, which a government intranet cannot reach.
st.set_page_config(page_title="政务新媒体数据看板", page_icon=str(ICON), layout="wide")
device.style()
try:
    settings.check()
    directory.configured_domain_rules()
    targets.configured()
    signin.check_secrets()
except SettingError as exc:
    st.error(f"{exc.zh}\n\n{exc.en}", icon=":material/settings_alert:")
    st.stop()

who = signin.actor()
signin.session_notice()
if who is None:  # GOVMEDIA_ANONYMOUS=none: nothing is shown before signing in
    st.navigation(nav.gate(), position="hidden")
    st.title(t("app_title"))
    st.info(t("sign_in_required"), icon=":material/lock:")
    signin.sign_in_box()
    st.stop()

page = st.navigation(nav.build(admin=who.is_admin), position="hidden" if state.link().present else "sidebar")
key = nav.current_key(page)
ready = data.has_data()
state.load_once(data.choices().known if ready else None)
state.write_url(key)
# On a phone an analysis page draws the filters in its own 筛选/选项 control at the top, not in the sidebar.
analysis = key in PAGES and PAGES[key].build is not None
if ready and not (device.phone() and analysis):
    bounds = data.bounds()
    sidebar.render(data.choices(), bounds, t("data_cutoff", date=bounds[1].isoformat(), version=data.engine().version()))
elif not ready:
    with st.sidebar:
        sidebar.language()

# The root URL forwards to /overview at once; the warnings wait for the page that stays.
warnings = st.session_state.pop("_url_warnings", []) if key != "home" else []
if warnings:
    # For a scoped reader, values outside their scope read as absent (whether such data exist is not theirs to learn).
    within = "" if who.scope.national else " " + t("url_scope", scope=inert.markdown(who.scope.describe(lang())))
    st.warning(t("url_warning") + " " + "；".join(inert.markdown(w.message(lang())) for w in warnings) + within)

if not ready and key not in ("data", "home", "audit"):
    widgets.empty_state(PAGES[key].title(lang()))
elif state.link().present and key not in ("home", "data", "audit"):
    present.render_page(key)
else:
    page.run()
