"""``lexdiff history``: who is covered and what penalties apply, version by version, and what each amendment changed."""

from __future__ import annotations


import click

from lexdiff.cli.options import output_option
from lexdiff.ingest import PARSERS, collect
from lexdiff.model import Version

FORMATS = ("text", "md", "json")


def read_versions(inputs: tuple[str, ...], format_in: str | None) -> list[Version]:
    """The versions named by FILES and/or DIRs (skips are noted on stderr)."""
    return collect.read_versions(inputs, format_in, warn=lambda message: click.echo(message, err=True))


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

