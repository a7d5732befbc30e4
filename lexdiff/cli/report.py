"""``lexdiff report``: one self-contained HTML file for journalists."""

from __future__ import annotations

import os

import click

from lexdiff.errors import InputError, UsageError
from lexdiff.ingest import PARSERS, read_version
from lexdiff.model import Version

#: File endings a bill version can have; anything else in a folder (README.md,
#: notes, sources of the demo sample) is not a version.
BILL_SUFFIXES: tuple[str, ...] = (".xml", ".txt", ".html", ".htm", ".pdf", ".akn")


def bill_files(paths: tuple[str, ...]) -> list[str]:
    """The files named, or the bill files of the one folder named (sorted by name).

    Raises:
        InputError: a folder with no bill file, or a folder mixed with files.
    """
    if len(paths) == 1 and os.path.isdir(paths[0]):
        folder = paths[0]
        try:
            names = sorted(os.listdir(folder))
        except OSError as err:
            raise InputError(f"cannot list the folder ({err.strerror or err})", folder) from err
        files = [
            os.path.join(folder, name)
            for name in names
            if not name.startswith(".")
            and not name.lower().startswith("readme")
            and name.lower().endswith(BILL_SUFFIXES)
            and os.path.isfile(os.path.join(folder, name))
        ]
        if not files:
            raise InputError(
                "no bill files in this folder (looked for " + ", ".join(BILL_SUFFIXES) + ")", folder
            )
        return files
    for path in paths:
        if os.path.isdir(path):
            raise InputError("give either one folder or several files, not a folder among files", path)
    return list(paths)


def one_per_version(versions: list[Version]) -> list[Version]:
    """Drop a version read twice from two formats (``01.xml`` and ``01.txt``).

    Two files are the same version when their label and date agree; the one
    read by the richer reader (earlier in :data:`PARSERS`: CAML with its
    official marks before plain text) is kept.
    """
    rank = {name: i for i, name in enumerate(PARSERS)}
    best: dict[tuple[str, str], Version] = {}
    order: list[tuple[str, str]] = []
    for version in versions:
        if not version.date:
            key = (version.source, "")
        else:
            key = (version.label.casefold(), version.date)
        kept = best.get(key)
        if kept is None:
            order.append(key)
            best[key] = version
        elif rank.get(version.format, 99) < rank.get(kept.format, 99):
            best[key] = version
    return [best[key] for key in order]


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
    if format_in is not None and format_in not in PARSERS:
        raise UsageError(
            f"unknown input format {format_in!r} given with --format-in; "
            f"choose one of: {', '.join(sorted(PARSERS))}"
        )
    files = bill_files(paths)
    versions = one_per_version([read_version(path, format_in) for path in files])
    from lexdiff.render import write_output
    from lexdiff.render.report import build_report

    html = build_report(versions, base=base, title=title)
    write_output(html, output)
    if output not in (None, "-"):
        click.echo(f"lexdiff: wrote {output} ({len(html.encode('utf-8')):,} bytes, {len(versions)} versions)", err=True)
