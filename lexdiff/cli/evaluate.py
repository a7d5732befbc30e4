"""``lexdiff eval``: precision, recall and F1 of the tagger against gold annotations."""

from __future__ import annotations

import click

from lexdiff.cli.options import output_option


@click.command(name="eval")
@click.argument("gold", metavar="[GOLD_DIR...]", nargs=-1)
@click.option("--format", "fmt", type=click.Choice(("text", "json", "md")), default="text", show_default=True)
@click.option("--details", is_flag=True, help="Also list missed, extra and wrong items (text format).")
@click.option("--model", default=None, metavar="NAME", help="Installed trained spaCy pipeline to start from.")
@output_option
def evaluate(gold: tuple[str, ...], fmt: str, details: bool, model: str | None, output: str | None) -> None:
    """Score the tagger on gold folders (default: every folder in annotations/gold/).

    Prints precision / recall / F1 per label and per document, field accuracy
    (deontic actor, quantity value and unit, definition scope and form) and
    the totals. Documents whose source file or reader is unavailable are
    listed as skipped.
    """
    from lexdiff.nlp.evaluate import evaluate as run
    from lexdiff.render import write_output
    from lexdiff.render.evaluation import report_json, report_markdown, report_text

    report = run(gold, model=model)
    if fmt == "json":
        content = report_json(report)
    elif fmt == "md":
        content = report_markdown(report)
    else:
        content = report_text(report, details=details)
    write_output(content, output)
