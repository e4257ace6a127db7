"""python -m bench ingest|views|deck|upload|posts|all|national|load|durability: one command per benchmark."""

from __future__ import annotations

import argparse
from pathlib import Path

import click

from bench import data, deck, durability, ingest, load, national, posts, upload, views
from bench.harness import parse_rows

rows_option = click.option("--rows", default="1M", show_default=True, help="rows to generate, e.g. 200K, 1M, 10M")
repeat_option = click.option("--repeat", type=int, default=3, show_default=True, help="runs each median is taken of")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--base", type=click.Path(exists=True, dir_okay=False),
              help="snapshot file whose shape the generated data copies and that uploads land on "
                   "(default: the bundled sample)")
def main(base: str | None) -> None:
    """Benchmarks of the dashboard: figures and ratios for people to read."""
    if base:
        data.use_base(Path(base))


@main.command("ingest")
@rows_option
@repeat_option
def ingest_command(rows: str, repeat: int) -> None:
    """Ingest against a bare parquet write (new weeks onto a history, and a first load)."""
    ingest.run(parse_rows(rows), repeat)


@main.command("views")
@rows_option
@repeat_option
def views_command(rows: str, repeat: int) -> None:
    """Every view against minimal DuckDB SQL and pandas."""
    views.run(parse_rows(rows), repeat)


@main.command("deck")
@rows_option
@repeat_option
def deck_command(rows: str, repeat: int) -> None:
    """The whole briefing deck, cold and warm."""
    deck.run(parse_rows(rows), repeat)


@main.command("upload")
@click.option("--mb", "megabytes", type=int, default=200, show_default=True, help="size of the parquet upload checked")
@click.option("--xlsx-rows", type=int, default=100_000, show_default=True,
              help="rows of the XLSX upload checked (openpyxl parses about 10,000 rows a second)")
def upload_command(megabytes: int, xlsx_rows: int) -> None:
    """Peak memory of checking a large upload (parquet, CSV, XLSX); refusing compression bombs."""
    upload.run(megabytes, xlsx_rows)


@main.command("posts")
@click.option("--posts", "count", default="1M", show_default=True, help="posts to generate and ingest, e.g. 200K, 1M, 10M")
@repeat_option
def posts_command(count: str, repeat: int) -> None:
    """A posts file checked and committed (time, peak memory), the 内容 page cold and warm before and after."""
    posts.run(parse_rows(count), repeat)


@main.command("all")
@rows_option
@repeat_option
@click.option("--mb", "megabytes", type=int, default=200, show_default=True, help="size of the upload checked")
def all_command(rows: str, repeat: int, megabytes: int) -> None:
    """ingest, views, deck and upload in turn."""
    ingest.run(parse_rows(rows), repeat)
    views.run(parse_rows(rows), repeat)
    deck.run(parse_rows(rows), repeat)
    upload.run(megabytes, xlsx_rows=min(100_000, megabytes * 500))


@main.command("durability")
@rows_option
def durability_command(rows: str) -> None:
    """verify, backup and restore-backup timed on a generated store."""
    durability.run(parse_rows(rows))


@main.command("national")
@click.argument("data_dir", type=click.Path(file_okay=False))
@repeat_option
@click.option("--load", "weeks_dir", type=click.Path(exists=True, file_okay=False),
              help="first ingest the weeks of WEEKS_DIR (python -m sample_data.national) not yet stored, one upload per week")
@click.option("--next-week", is_flag=True, help="time the ingest of one more generated week (adds a version)")
@click.option("--accounts", type=int, default=300_000, show_default=True,
              help="with --next-week: the accounts the data set was generated with")
@click.option("--spark-rows", help="the views on Spark local[2] beside DuckDB at the first version holding this many rows, e.g. 20M")
def national_command(data_dir: str, repeat: int, weeks_dir: str | None, next_week: bool, accounts: int,
                     spark_rows: str | None) -> None:
    """Pages and views over a national-scale store."""
    national.run(data_dir, repeat, load=weeks_dir, next_week=next_week,
                 spark_rows=parse_rows(spark_rows) if spark_rows else None, accounts=accounts)


@main.command("load")
@click.option("--sessions", type=click.IntRange(1, 200), default=10, show_default=True)
@click.option("--page", default="overview", show_default=True, help="a page, several separated by commas, or all")
@click.option("--query", default="", help="the link's query string, e.g. 'province=浙江'")
@click.option("--change", default="platform=douyin", show_default=True,
              help="the filter each session changes after the first render: PARAM=VALUE[,VALUE]")
@click.option("--warm", type=int, default=8, show_default=True, help="sessions opened first, unmeasured, to warm the server")
@click.option("--url", help="an app already running on this machine (127.0.0.1, localhost)")
@click.option("--browser", is_flag=True, help="time the first chart in a browser tab instead")
@click.option("--repeat", type=int, default=3, show_default=True, help="browser mode: tabs timed per app")
@click.option("--export", type=click.Choice(("briefing", "page")),
              help="every session clicks this PPTX export at once while a bystander changes pages")
@click.option("--distinct", is_flag=True, help="export mode: every session its own link (no build shared)")
@click.option("--serve", type=click.IntRange(0, 16), default=0, help="run the app as scripts/serve.sh with this many workers")
def load_command(**options) -> None:
    """Many sessions at once over Streamlit's websocket protocol (or first charts in a browser)."""
    try:
        load.run(argparse.Namespace(**options))
    except ValueError as exc:
        raise click.UsageError(str(exc)) from None


if __name__ == "__main__":
    main(prog_name="python -m bench")
