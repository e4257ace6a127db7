"""Running the real app under Streamlit's AppTest on a copy of the sample store."""

from __future__ import annotations

import json
from pathlib import Path

from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parent.parent / "dashboard.py")


def open_app(query: dict | None = None, page: str | None = None, timeout: int = 120) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=timeout)
    for key, value in (query or {}).items():
        at.query_params[key] = value
    at.run()
    if page:
        at.switch_page(f"pages/{page}.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def figures(at: AppTest) -> list[dict]:
    return [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]


def table(at: AppTest, key: str | None = None, columns: tuple[str, ...] = ()):
    """A table by its widget key (clickable tables have one) or by columns it must show."""
    for df in at.dataframe:
        if (key and df.key == key) or (columns and set(columns) <= set(df.value.columns)):
            return df.value
    raise AssertionError(f"no table {key or columns}: {[list(d.value.columns) for d in at.dataframe]}")


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def signed_in(users: dict, password: str, page: str | None = None) -> AppTest:
    """The app with `users` in its secrets, the first one signed in with `password` on the Data page, then
    on `page` if given."""
    from analytics.access import credentials

    at = open_app()
    name = next(iter(users))
    at.secrets["govmedia"] = {"passwords": {name: credentials.hash_password(password)}, "users": users}
    at.switch_page("pages/data.py").run()
    at.text_input(key="sign_in_name").input(name)
    at.text_input(key="sign_in_password").input(password)
    next(b for b in at.button if "登录" in b.label).click().run()
    if page:
        at.switch_page(f"pages/{page}.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at
