"""``lexdiff history``: who is covered and what penalties apply, version by version, and what each amendment changed."""

from __future__ import annotations

import os

import click

from lexdiff.cli.options import output_option
from lexdiff.errors import FormatError, InputError, LexdiffError
from lexdiff.ingest import PARSERS, detect_format, read_bytes, read_version
from lexdiff.model import Version

FORMATS = ("text", "md", "json")

#: File name endings a bill version can have; anything else in a folder
#: (README.md, notes, sources of our samples) is not a version.
BILL_EXTENSIONS = (".xml", ".html", ".htm", ".txt", ".pdf")

#: When one folder holds the same version in several formats
#: (``01-introduced.xml`` and ``01-introduced.txt``), the richest is read.
_FORMAT_RANK = {"caml": 0, "uslm": 0, "akn": 0, "billdtd": 0, "leginfo": 1, "pdf": 2, "text": 3}


def _folder_files(folder: str) -> list[str]:
    names = sorted(os.listdir(folder))
    chosen: dict[str, tuple[int, str]] = {}
    for name in names:
        path = os.path.join(folder, name)
        if name.startswith(".") or name.upper().startswith("README") or not os.path.isfile(path):
            continue
        stem, ext = os.path.splitext(name)
        if ext.lower() not in BILL_EXTENSIONS:
            continue
        stem = stem.split(".")[0]  # "2024-09-03-enrolled.leginfo" -> "2024-09-03-enrolled"
        try:
            rank = _FORMAT_RANK.get(detect_format(read_bytes(path)[:200000], path), 9)
        except LexdiffError:
            continue
        if stem not in chosen or rank < chosen[stem][0]:
            chosen[stem] = (rank, path)
    return [path for _, path in sorted(chosen.values(), key=lambda item: item[1])]


def _is_bill_text(version: Version) -> bool:
    """False for a leginfo status page (its veto message is no version of the bill)."""
    if version.meta.get("page") == "status":
        return False
    return any(p.kind not in ("digest", "preamble") for p in version.walk())


def read_versions(inputs: tuple[str, ...], format_in: str | None) -> list[Version]:
    """The versions named by FILES and/or DIRs.

    A file named on the command line must be readable (exit 3 otherwise); a
    file found in a folder that turns out not to be a bill version is skipped
    with a note on stderr.

    Raises:
        InputError: nothing to read.
        FormatError: an unknown ``--format-in``.
    """
    if format_in is not None and format_in not in PARSERS:
        raise FormatError(
            f"unknown input format {format_in!r} given with --format-in; choose one of: {', '.join(sorted(PARSERS))}"
        )
    versions: list[Version] = []
    for item in inputs:
        if os.path.isdir(item):
            found = _folder_files(item)
            if not found:
                raise InputError("no bill versions (.xml, .html, .txt, .pdf) in this folder", item)
            for path in found:
                try:
                    version = read_version(path, format_in)
                except LexdiffError as err:
                    click.echo(f"lexdiff: skipping {path}: {err.message}", err=True)
                    continue
                if not _is_bill_text(version):
                    click.echo(f"lexdiff: skipping {path}: a status or history page, not bill text", err=True)
                    continue
                versions.append(version)
        else:
            version = read_version(item, format_in)
            if version.meta.get("page") == "status":
                click.echo(f"lexdiff: skipping {item}: a status page, not bill text", err=True)
                continue
            versions.append(version)
    if not versions:
        raise InputError("no readable bill versions among: " + ", ".join(inputs))
    return versions


@click.command()
@click.argument("inputs", nargs=-1, required=True, metavar="FILES...|DIR")
@click.option(
    "--base",
    default=None,
    metavar="VERSION",
    help="Compare every version against this one (its number in order, id, file name, date or label) "
    "instead of each against the one before.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="text",
    show_default=True,
    help="text: readable summary per amendment; md: tables to paste; json: facts and changes (docs/json.md).",
)
@click.option(
    "--format-in",
    default=None,
    metavar="NAME",
    help="Force the input reader for every file: " + ", ".join(sorted(PARSERS)) + ".",
)
@click.option("--model", default=None, metavar="NAME", help="Installed spaCy pipeline to start from (none needed).")
@output_option
def history(
    inputs: tuple[str, ...], base: str | None, fmt: str, format_in: str | None, model: str | None, output: str | None
) -> None:
    """Who is covered and what penalties apply in each version of a bill, and how each amendment changed them.

    Give the versions as FILES or a DIR holding them. They are put in
    legislative order by the dates they record (else a date or number in
    the file name). For each version: regulated subjects and their
    thresholds, penalties, institutions, duties by actor, definitions and
    ambiguity findings; for each amendment (or, with --base, each version
    against one stage): what was added, removed or changed, with the
    provisions before and after and their words.
    """
    from lexdiff.delta.history import build_history
    from lexdiff.nlp.pipeline import tag_version
    from lexdiff.render import write_output
    from lexdiff.render.history import RENDERERS

    versions = read_versions(inputs, format_in)
    if len(versions) < 2 and base is None:
        click.echo("lexdiff: only one version: showing its facts, no changes", err=True)
    result = build_history(versions, lambda v: tag_version(v, model=model), base=base)
    write_output(RENDERERS[fmt](result), output)

