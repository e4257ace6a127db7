"""Everything a link carries — filters, the page's options, language, presentation mode, slide, theme
and account — read from a URL query in one place and written back from one value."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace

from analytics.pages.options import OPTIONS
from analytics.query.filters import Filters, FilterWarning, _shown, _values

TRUE = ("1", "true", "yes", "on")
LANGS = ("zh", "en")
THEMES = ("light", "dark")
MAX_SLIDE = 999
# Parameters every page understands besides the filters and its own options.
VIEW_PARAMS = ("lang", "present", "slide", "theme", "account")


@dataclass(frozen=True)
class Link:
    filters: Filters = field(default_factory=Filters)
    options: tuple[tuple[str, str], ...] = ()  # chosen page options by name, for any page (kept across pages)
    lang: str = "zh"
    present: bool = False
    slide: int = 1
    theme: str = "light"
    account: str = ""  # platform:account_id, on the account page

    def option(self, name: str) -> str:
        return dict(self.options).get(name, OPTIONS[name].default)

    def with_option(self, name: str, value: str) -> Link:
        chosen = dict(self.options)
        if value == OPTIONS[name].default:
            chosen.pop(name, None)
        else:
            chosen[name] = value
        return replace(self, options=tuple(sorted(chosen.items())))

    def with_(self, **changes) -> Link:
        return replace(self, **changes)

    def to_query(self, page_options: Iterable[str] = (), page: str = "") -> dict[str, list[str]]:
        """Only what differs from the defaults, and only the options of the page shown."""
        q = self.filters.to_query()
        for name in page_options:
            value = self.option(name)
            if value != OPTIONS[name].default:
                q[name] = [value]
        if self.lang != "zh":
            q["lang"] = [self.lang]
        if self.present:
            q["present"] = ["1"]
            if self.slide != 1:
                q["slide"] = [str(self.slide)]
            if self.theme != "light":
                q["theme"] = [self.theme]
        if page == "account" and self.account:
            q["account"] = [self.account]
        return q

    @classmethod
    def parse(cls, query: Mapping[str, str | Iterable[str]], page_options: Iterable[str] = (),
              known: Mapping[str, Iterable[str]] | None = None) -> tuple[Link, list[FilterWarning]]:
        """A URL query as a Link; anything malformed is dropped with a warning naming it, never raised."""
        f, warnings = Filters.from_query(query, known)
        link = cls(filters=f)

        def one(name: str) -> str | None:
            raw = _values(query.get(name))
            if len(raw) > 1:
                warnings.append(FilterWarning(f"参数 {name} 只能有一个值，已使用第一个", f"{name} takes one value; used the first"))
            return raw[0] if raw else None

        def bad(name: str, value: str) -> None:
            warnings.append(FilterWarning(f"已忽略无效参数 {name}={_shown(value)}", f"ignored invalid {name}={_shown(value)}"))

        for name in page_options:
            raw = one(name)
            if raw is not None:
                value = OPTIONS[name].parse(raw)
                if value is None:
                    bad(name, raw)
                else:
                    link = link.with_option(name, value)
        for name, allowed in (("lang", LANGS), ("theme", THEMES)):
            raw = one(name)
            if raw is not None:
                if raw.strip().lower() in allowed:
                    link = link.with_(**{name: raw.strip().lower()})
                else:
                    bad(name, raw)
        present = one("present")
        if present is not None:
            link = link.with_(present=present.strip().lower() in TRUE)
        slide = one("slide")
        if slide is not None:
            if slide.strip().isdigit() and 1 <= int(slide) <= MAX_SLIDE:
                link = link.with_(slide=int(slide))
            else:
                bad("slide", slide)
        account = one("account")
        if account is not None:
            link = link.with_(account=account.strip()[:200])
        return link, warnings
