"""``lexdiff tag`` and ``lexdiff ambiguity``: the legal-NLP layer on the command line.

These are the only commands that import spaCy (through
:mod:`lexdiff.nlp.pipeline`), and only once the input has been read, so a
bad file fails fast.
"""

from __future__ import annotations

import click

from lexdiff.cli.options import output_option
from lexdiff.cli.parse import format_in_option, read_for_cli

TAG_FORMATS = ("json", "text", "md")
WORKLIST_FORMATS = ("csv", "md", "json")

model_option = click.option(
    "--model",
    default=None,
    metavar="NAME",
    help="Start from an installed trained spaCy pipeline instead of spacy.blank('en') "
    "(nothing is downloaded; lexdiff needs none).",
)
lexicon_option = click.option(
    "--lexicon",
    type=click.Path(dir_okay=False),
    default=None,
    help="CSV of vague phrases (phrase,rule,severity,reason); default: annotations/ambiguity_lexicon.csv.",
)


@click.command()
@click.argument("file", metavar="FILE")
@click.option("--format", "fmt", type=click.Choice(TAG_FORMATS), default="json", show_default=True,
              help="json: machine-readable tags (docs/json.md); text: one block per tag; md: a table per label.")
@click.option("--only", default=None, metavar="LABELS",
              help="Comma-separated labels or groups to keep: obligations, prohibitions, permissions, deontic, "
              "definitions, term_uses, quantities, penalties, ambiguity, sentences, clauses. "
              "Default: everything except sentences and clauses.")
@model_option
@lexicon_option
@format_in_option
@output_option
def tag(file: str, fmt: str, only: str | None, model: str | None, lexicon: str | None,
        format_in: str | None, output: str | None) -> None:
    """Tag one bill version FILE: definitions, duties, quantities, penalties, ambiguity."""
    from lexdiff.nlp.pipeline import select_groups, tag_version
    from lexdiff.render import write_output
    from lexdiff.render.tags import tags_json, tags_markdown, tags_text

    labels = [x for x in only.split(",") if x.strip()] if only is not None else None
    select_groups(labels)  # an unknown label is reported before the file is read
    version = read_for_cli(file, format_in)
    tags = tag_version(version, only=labels, model=model, lexicon=lexicon)
    render = {"json": tags_json, "text": tags_text, "md": tags_markdown}[fmt]
    write_output(render(version, tags), output)


@click.command()
@click.argument("files", metavar="FILE...", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(WORKLIST_FORMATS), default="csv", show_default=True,
              help="csv: one row per finding for a spreadsheet; md: tables; json: docs/json.md.")
@click.option("--min-severity", type=click.Choice(("low", "medium", "high")), default="low", show_default=True,
              help="Leave out findings below this severity.")
@model_option
@lexicon_option
@format_in_option
@output_option
def ambiguity(files: tuple[str, ...], fmt: str, min_severity: str, model: str | None,
              lexicon: str | None, format_in: str | None, output: str | None) -> None:
    """A clinic worklist of ambiguity findings in one or more bill versions FILE...

    One row per finding: provision path, quoted context, rule, plain-English
    reason and severity.
    """
    from lexdiff.nlp.pipeline import tag_version
    from lexdiff.render import write_output
    from lexdiff.render.tags import (
        filter_severity,
        worklist_csv,
        worklist_json,
        worklist_markdown,
        worklist_rows,
    )

    versions = [read_for_cli(path, format_in) for path in files]
    items = [(v, tag_version(v, only=["ambiguities"], model=model, lexicon=lexicon)) for v in versions]
    rows = filter_severity(worklist_rows(items), min_severity)
    if fmt == "csv":
        content = worklist_csv(rows)
    elif fmt == "md":
        content = worklist_markdown(rows)
    else:
        content = worklist_json(versions, rows)
    write_output(content, output)
