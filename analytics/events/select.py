"""Which events a chart shows: all of them (curated, added, derived) narrowed to the view's scope and
date range, and — when there are more than a chart has room for — the most important ones."""

from __future__ import annotations

import datetime as dt
from collections import OrderedDict

import pandas as pd

from analytics.access.scope import CITY_SEPARATOR, Scope
from analytics.events import added, curated, derived, model
from analytics.query.engine import Engine, Query
from analytics.query.filters import Filters
from analytics.views.account import readable

LIMIT = 6  # marks a chart carries before it collapses to the most important
_SOURCE_ORDER = {"curated": 0, "added": 1, "derived": 2}
_DERIVED: OrderedDict[tuple, pd.DataFrame] = OrderedDict()


def _derived(engine: Engine) -> pd.DataFrame:
    """Derived events per data version and reader scope, kept for the few latest (lineage is not free)."""
    key = (str(engine.store.root), engine.version(), engine.scope.describe("en"))
    if key not in _DERIVED:
        _DERIVED[key] = derived.derived(engine)
        while len(_DERIVED) > 8:
            _DERIVED.popitem(last=False)
    return _DERIVED[key]


def catalog(engine: Engine) -> pd.DataFrame:
    """Every event the reader may see: curated, added and derived, each with its source, narrowed to the
    events that concern the reader's scope (another region's events, their titles and descriptions, are
    not theirs to read)."""
    parts = [t for t in (curated.shipped(), added.current(engine.store.root), _derived(engine)) if len(t)]
    if not parts:
        return model.empty()
    table = pd.concat(parts, ignore_index=True)
    return table if engine.scope.national else visible(table, engine)


def build_agencies_sql(agencies: list[str]) -> Query:
    """Which of the named agencies have an account the reader can read."""
    return Query.make("""
        SELECT DISTINCT agency FROM read_parquet($accounts) WHERE list_contains($agencies, agency)
    """, {"agencies": agencies})


def visible(table: pd.DataFrame, engine: Engine) -> pd.DataFrame:
    """The events whose scope meets the reader's: national ones, their places' and platforms', and those
    of agencies and accounts they can read."""
    reader = engine.scope
    parsed = {text: model.parse_scope(text) for text in table["scope"].unique()}
    named = [s for s in parsed.values() if s.kind in ("agency", "account")]
    agencies = sorted({s.agency for s in named if s.kind == "agency"})
    reached = {f"agency:{a}" for a in engine.run(build_agencies_sql(agencies))["agency"]} if agencies else set()
    reached |= {f"account:{k}" for k in readable(engine, [f"{s.platform}:{s.account_id}" for s in named if s.kind == "account"])}
    judged = {text: _meets(s, reader, reached) for text, s in parsed.items()}
    return table[table["scope"].map(judged).astype(bool)].reset_index(drop=True)


def _meets(s: model.EventScope, reader: Scope, reached: set[str]) -> bool:
    if s.kind == "national":
        return True
    if s.kind in ("agency", "account"):
        return s.text() in reached
    if s.kind == "platform":
        return not reader.platforms or s.platform in reader.platforms
    if not reader.regional:
        return True
    if s.kind == "province":
        return s.province in reader.places()
    return s.province in reader.provinces or f"{s.province}{CITY_SEPARATOR}{s.city}" in reader.cities


def _applies(scope_text: str, f: Filters, reader: Scope, account: dict | None) -> bool:
    s = model.parse_scope(scope_text)
    if account is not None:
        key = f"{account['platform']}:{account['account_id']}"
        return {"national": True, "province": s.province == account.get("province"),
                "city": (s.province, s.city) == (account.get("province"), account.get("city")),
                "platform": s.platform == account["platform"], "agency": s.agency == account.get("agency"),
                "account": f"{s.platform}:{s.account_id}" == key}[s.kind]
    if s.kind == "national":
        return True
    if s.kind in ("agency", "account"):
        return False
    regional = reader.regional and not f.provinces and not f.cities
    provinces = set(f.provinces) or (set(reader.places()) if regional else set())
    if s.kind == "province":
        return s.province in provinces
    if s.kind == "city":
        cities = set(f.cities) or ({c.split("/", 1)[1] for c in reader.cities} if regional else set())
        return s.city in cities and (not provinces or s.province in provinces)
    shown = set(f.platforms) or set(reader.platforms)
    return not shown or s.platform in shown


def select(table: pd.DataFrame, f: Filters, reader: Scope, start: dt.date, end: dt.date, account: dict | None = None,
           limit: int = LIMIT) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The events for a chart of [start, end] (the most important `limit`, by date) and every event in its
    scope and range (for takeaways, which name the one that explains a change even when it is not drawn)."""
    if table.empty:
        return table, table
    # Scopes repeat (national, a few platforms and places): each distinct one is judged once.
    last = table["end"].where(table["end"].notna(), table["start"])
    judged = {sc: _applies(sc, f, reader, account) for sc in table["scope"].unique()}
    keep = (table["start"] <= end) & (last >= start) & table["scope"].map(judged).astype(bool)
    if account is not None:
        key = f"{account['platform']}:{account['account_id']}"
        subject = table["subject"].fillna("")
        keep &= (subject == "") | (subject == key)  # not another account's rename or closure
    found = table[keep]
    if found.empty:
        return found, found
    # On an account's page what happened to the account itself (a rename, its closure) comes first; on a
    # view narrowed to a place, that place's own events weigh one step more than national ones.
    own = [bool(account) and sub == f"{account['platform']}:{account['account_id']}" for sub in found["subject"].fillna("")]
    local = [sc.split(":", 1)[0] in ("province", "city", "agency", "account") for sc in found["scope"]]
    ranked = found.assign(_source=found["source"].map(_SOURCE_ORDER), _own=own, _local=local,
                          _weight=found["importance"].astype(int) + pd.Series(local, index=found.index).astype(int))
    ranked = ranked.sort_values(["_own", "_weight", "_local", "_source", "start"],
                                ascending=[False, False, False, True, True], kind="stable").drop(columns=["_own", "_local", "_weight"])
    # `order` keeps the ranking (the chart gives labels in that order) while the rows go by date.
    shown = ranked.head(limit).drop(columns="_source").assign(order=range(min(limit, len(ranked))))
    shown = shown.sort_values("start", kind="stable").reset_index(drop=True)
    return shown, found.sort_values("start", kind="stable").reset_index(drop=True)


def with_account(table: pd.DataFrame, profile: dict, bounds: tuple[dt.date, dt.date], names: pd.DataFrame | None = None) -> pd.DataFrame:
    """The catalogue plus one account's renames and its first and last appearance, for its own page."""
    return pd.concat([table, derived.account_events(profile, *bounds, names)], ignore_index=True)
