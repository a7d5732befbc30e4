"""Options shared by several commands."""

from __future__ import annotations

import click

from lexdiff.ingest import PARSERS

format_in_option = click.option(
    "--format-in",
    type=click.Choice(sorted(PARSERS)),
    default=None,
    help="Force the input reader instead of detecting it from the content.",
)

output_option = click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, writable=True),
    default=None,
    help="Write to this file (atomically) instead of standard output.",
)
