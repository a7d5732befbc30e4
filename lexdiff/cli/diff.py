"""``lexdiff diff``: compare two versions of a bill, provision by provision and word by word.

Kept free of spaCy (and of everything the tagging commands need) so that it
starts in a fraction of a second.
"""

from __future__ import annotations

import os
import sys

import click

from lexdiff.cli.options import output_option
from lexdiff.cli.parse import format_in_option, read_for_cli

FORMATS = ("text", "json", "md", "html")


def _use_color(no_color: bool, output: str | None) -> bool:
    if no_color or output not in (None, "-"):
        return False
    if os.environ.get("NO_COLOR"):
        return False
    return sys.stdout.isatty()


@click.command()
@click.argument("old", metavar="OLD")
@click.argument("new", metavar="NEW")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="text",
    show_default=True,
    help="text: terminal redline; json: alignment + edit script (docs/json.md); "
    "md: Markdown redline; html: a standalone redline page.",
)
@click.option(
    "--official",
    is_flag=True,
    help="Show the Legislature's own change marks carried by NEW (CAML) instead of the computed diff.",
)
@click.option("--section", "section", metavar="PATH", default=None, help="Only this provision (and what it contains), e.g. 'SEC. 2 > BPC 22757.12'.")
@click.option(
    "--context",
    type=click.IntRange(min=0),
    default=8,
    show_default=True,
    help="Unchanged words shown around each change (text, md, html).",
)
@click.option("--exit-code", is_flag=True, help="Exit 1 when the versions differ (like git diff --exit-code).")
@click.option("--no-color", is_flag=True, help="No colours in text output (also when NO_COLOR is set or output is not a terminal).")
@click.option(
    "--engine",
    type=click.Choice(["fast", "python"]),
    default=None,
    help="diff-match-patch engine: the C++ build (fast, default when installed) or pure Python. Same results.",
)
@click.option(
    "--semantic",
    is_flag=True,
    help="Show what changed in coverage, penalties, institutions, duties, definitions and ambiguity "
    "(text, md or json; tags both versions, so it is slower).",
)
@click.option(
    "--as-printed",
    is_flag=True,
    help="When NEW is a later act that amends parts of OLD's law, compare the texts as printed "
    "instead of OLD's law with NEW applied.",
)
@format_in_option
@output_option
def diff(
    old: str,
    new: str,
    fmt: str,
    official: bool,
    section: str | None,
    context: int,
    exit_code: bool,
    no_color: bool,
    engine: str | None,
    format_in: str | None,
    output: str | None,
    semantic: bool = False,
    as_printed: bool = False,
) -> None:
    """Compare OLD and NEW versions of a bill (any formats lexdiff reads).

    Provisions are paired by persistent id, then label, then content, so a
    renumbered section shows as renumbered rather than removed and added.
    Inside each pair, the changed words are shown with a little context.
    """
    from lexdiff.diff import diff_versions
    from lexdiff.render import write_output
    from lexdiff.render.redline import render

    old_version = read_for_cli(old, format_in)
    new_version = read_for_cli(new, format_in)
    if old_version.bill.same_measure(new_version.bill) is False:
        applied = None
        if not (as_printed or official):
            # An act that prints only the provisions it amends (Colorado SB
            # 25B-004 against SB 24-205) is applied to OLD's law, as
            # `history` and `report` do: otherwise all it leaves out would
            # show as struck.
            from lexdiff.delta.consolidate import consolidate

            applied = consolidate(old_version, new_version)
        if applied is not None:
            click.echo(
                f"lexdiff: note: NEW ({new_version.bill.citation}) amends parts of the law in OLD "
                f"({old_version.bill.citation}); showing OLD with NEW applied "
                f"({applied.meta['consolidated']['replaced']} provisions replaced; --as-printed compares "
                "the texts as printed)",
                err=True,
            )
            new_version = applied
        else:
            click.echo(
                f"lexdiff: note: OLD is {old_version.bill.citation} and NEW is {new_version.bill.citation}, "
                "different bills; comparing their texts anyway",
                err=True,
            )
    result = diff_versions(old_version, new_version, official=official, engine=engine)
    if semantic:
        from lexdiff.render.history import render_semantic

        changes_found, text = render_semantic(old_version, new_version, fmt, pairs=result.alignment)
        write_output(text, output)
        if exit_code and changes_found:
            sys.exit(1)
        return
    text = render(result, fmt, context=context, section=section, color=_use_color(no_color, output))
    write_output(text, output)
    if exit_code and result.has_changes:
        sys.exit(1)
