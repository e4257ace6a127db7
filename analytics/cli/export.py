"""The export command: a page, or the whole briefing, as PPTX, PNG, SVG or XLSX, as a reader may see it."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlencode

import click

from analytics.actions import people
from analytics.actions.base import Caller
from analytics.cli.session import EXIT_REJECTED, Session, as_option, command, secrets_option
from analytics.output import export
from analytics.pages import render
from analytics.pages.link import Link
from analytics.pages.options import OPTIONS
from analytics.pages.registry import BRIEFING, PAGES
from analytics.query import catalog
from analytics.query.filters import DIMENSIONS


def _filter_options(fn):
    for d in reversed(DIMENSIONS):
        fn = click.option(f"--{d.param}", multiple=True, help="repeatable, as in the link format")(fn)
    for name in ("metric", "granularity", "end", "start"):
        fn = click.option(f"--{name}", help="as in the link format")(fn)
    for option in reversed(list(OPTIONS.values())):
        fn = click.option(f"--{option.name}", help=f"page option, as in the link format ({option.en})")(fn)
    return fn


@click.command("export")
@click.option("--page", required=True, type=click.Choice((*(k for k, spec in PAGES.items() if spec.build), "briefing")))
@click.option("--format", "fmt", required=True, type=click.Choice(("pptx", "png", "svg", "xlsx")))
@click.option("--out", required=True, type=click.Path(dir_okay=False))
@_filter_options
@click.option("--account", help="platform:account_id, for --page account")
@click.option("--slide", type=int, default=1, show_default=True, help="which chart of the page, for png/svg")
@click.option("--size", type=click.Choice(("1080p", "720p")), default="1080p", show_default=True, help="image size for png/svg")
@click.option("--theme", type=click.Choice(("light", "dark")), default="light", show_default=True)
@as_option
@secrets_option
@command
def export_command(session: Session, page: str, fmt: str, out: str, account: str | None, slide: int, size: str, theme: str,
                   as_user: str | None, secrets: str, **link_values) -> int:
    """Write a page (or the whole briefing) as PPTX, PNG, SVG or XLSX."""
    query = {k: list(v) if isinstance(v, tuple) else v for k, v in link_values.items() if v}
    if account:
        query["account"] = account
    reader = session.reader(as_user, secrets)
    engine = session.engine().with_scope(reader.scope)
    if not engine.has_data():
        session.say("还没有数据，无法导出", "there is no data to export yet")
        return EXIT_REJECTED
    lang = "en" if session.lang == "en" else "zh"
    link, warnings = Link.parse(query, tuple(OPTIONS), catalog.known(catalog.dimensions(engine)))
    for w in warnings:
        session.warn(w.zh, w.en)
    if warnings:
        return EXIT_REJECTED
    link = link.with_(lang=lang)
    if fmt == "xlsx":
        pages = BRIEFING if page == "briefing" else (page,)
        data = export.xlsx_bytes({name: table for p in pages
                                  for name, table in render.sheets(p, render.sections(engine, p, link), lang).items()})
    else:
        decks = (render.briefing(engine, link, theme, 1.35) if page == "briefing" else [render.deck(engine, page, link, theme, 1.35)])
        if fmt == "pptx":
            data = export.pptx_bytes(decks, lang)
        else:
            slides = [s for d in decks for s in d.slides]
            if not 1 <= slide <= len(slides):
                session.say(f"没有第 {slide} 张图（共 {len(slides)} 张）", f"no chart {slide} (there are {len(slides)})")
                return EXIT_REJECTED
            data = export.image(slides[slide - 1].figure, fmt, size)
    Path(out).write_bytes(data)
    people.exported(Caller(reader, session.root, "cli"), page=page, format=fmt,
                    link=urlencode(link.to_query(OPTIONS), doseq=True), file=Path(out).name)
    session.say(f"已写入 {out}（{len(data):,} 字节）", f"wrote {out} ({len(data):,} bytes)")
    return 0


COMMANDS = (export_command,)
