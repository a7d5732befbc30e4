"""``lexdiff report``: one self-contained HTML file for journalists."""

from __future__ import annotations


import click

from lexdiff.ingest import PARSERS, collect

@click.command()
@click.argument("paths", nargs=-1, required=True, metavar="FILES...|DIR")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False),
    default="report.html",
    show_default=True,
    help="The HTML file to write (atomically); '-' for standard output.",
)
@click.option(
    "--base",
    default=None,
    metavar="VERSION",
    help="Start from this version (number 1..N in date order, id, label, date or file name); "
    "default: the first.",
)
@click.option("--title", default=None, help="Title of the report (default: the bill's citation and title).")
@click.option(
    "--format-in",
    default=None,
    metavar="NAME",
    help="Force the input reader for every file: " + ", ".join(sorted(PARSERS)) + ".",
)
def report(
    paths: tuple[str, ...], output: str, base: str | None, title: str | None, format_in: str | None
) -> None:
    """Write an annotated HTML report of a bill's versions: what each amendment
    changed (who is covered, penalties), the redline, and switchable tag layers.

    FILES are versions of one bill (any order: they are sorted by date), or DIR
    a folder holding them. The file works offline and without JavaScript.
    """
    versions = collect.read_versions(paths, format_in, warn=lambda message: click.echo(message, err=True))
    from lexdiff.render import write_output
    from lexdiff.render.report import build_report

    html = build_report(versions, base=base, title=title)
    write_output(html, output)
    if output not in (None, "-"):
        click.echo(f"lexdiff: wrote {output} ({len(html.encode('utf-8')):,} bytes, {len(versions)} versions)", err=True)
