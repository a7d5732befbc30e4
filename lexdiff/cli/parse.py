"""``lexdiff parse``: read one bill version and show its structure."""

from __future__ import annotations

import click

from lexdiff.cli.options import output_option
from lexdiff.errors import FormatError
from lexdiff.ingest import PARSERS, read_version
from lexdiff.model import Version

FORMATS = ("text", "json", "md")


def format_in_option(function):  # type: ignore[no-untyped-def]
    # A free-form option rather than click.Choice: an unknown reader name is
    # bad input for this file (exit 3 with one line naming the file), not
    # a usage error, and the message lists the readers there are.
    return click.option(
        "--format-in",
        default=None,
        metavar="NAME",
        help="Force the input reader instead of detecting it: " + ", ".join(sorted(PARSERS)) + ".",
    )(function)


def read_for_cli(path: str, format_in: str | None) -> Version:
    """Read ``path`` for a command; an unknown ``--format-in`` names the file too."""
    if format_in is not None and format_in not in PARSERS:
        raise FormatError(
            f"unknown input format {format_in!r} given with --format-in; "
            f"choose one of: {', '.join(sorted(PARSERS))}",
            path,
        )
    return read_version(path, format_in)


def render_version(version: Version, fmt: str) -> str:
    """``version`` as ``text`` (outline), ``json`` (the full model) or ``md``."""
    if fmt == "json":
        from lexdiff.render import dumps_json
        from lexdiff.render.modeljson import version_dict

        return dumps_json(version_dict(version))
    from lexdiff.render.outline import outline_markdown, outline_text

    return outline_markdown(version) if fmt == "md" else outline_text(version)


@click.command()
@click.argument("file", metavar="FILE")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="text",
    show_default=True,
    help="text: outline of provisions; json: the whole model (text, provisions, marks); md: outline in Markdown.",
)
@format_in_option
@output_option
def parse(file: str, fmt: str, format_in: str | None, output: str | None) -> None:
    """Read one bill version FILE and print its provisions.

    The format is detected from the content (CAML, USLM, GPO bill XML,
    Akoma Ntoso, leginfo HTML, PDF, plain text) unless --format-in names it.
    """
    version = read_for_cli(file, format_in)
    from lexdiff.render import write_output

    write_output(render_version(version, fmt), output)
