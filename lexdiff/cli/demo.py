"""``lexdiff demo``: a guided tour on the embedded sample bill.

Runs the real commands, in process, on ``corpus/samples/frontier-act`` (a
fictional act we wrote in four versions): the outline of the introduced
text, the official redline of the first amendment, the computed diff of the
second, the history of the whole bill, the ambiguity worklist, and the
journalist's HTML report written to a file.
"""

from __future__ import annotations

from pathlib import Path

import click

from lexdiff.errors import InputError

SAMPLE = Path(__file__).resolve().parents[2] / "corpus" / "samples" / "frontier-act"


def _step(title: str, args: list[str]) -> None:
    from lexdiff.cli import main

    click.secho(f"\n=== {title}", bold=True, err=False)
    click.secho("$ lexdiff " + " ".join(args), dim=True)
    try:
        main.main(args=args, prog_name="lexdiff", standalone_mode=False)
    except click.exceptions.Exit as done:
        # --exit-code style results are information here, not failure.
        if done.exit_code not in (0, 1):
            raise


@click.command()
@click.option(
    "--sample",
    type=click.Path(file_okay=False),
    default=str(SAMPLE),
    show_default=True,
    help="Folder of sample bill versions (CAML files 01-*.xml ...).",
)
@click.option(
    "--report",
    "report_path",
    type=click.Path(dir_okay=False),
    default="lexdiff-demo-report.html",
    show_default=True,
    help="Where to write the HTML report.",
)
def demo(sample: str, report_path: str) -> None:
    """Tour lexdiff on the embedded sample bill (a fictional frontier-AI act)."""
    folder = Path(sample)
    files = sorted(str(p) for p in folder.glob("*.xml"))
    if len(files) < 2:
        raise InputError(
            "the sample folder has no CAML versions (expected 01-*.xml ...); "
            "run lexdiff demo from a lexdiff checkout or pass --sample DIR",
            str(folder),
        )
    first, second, third = files[0], files[1], files[min(2, len(files) - 1)]
    click.echo(f"lexdiff demo on {folder} ({len(files)} versions)")
    _step("1. The structure of the introduced version", ["parse", first])
    _step("2. Does the first amendment's official redline rebuild the introduced text?", ["verify", first, second])
    _step("3. The Legislature's own redline of the first amendment, one section", ["diff", first, second, "--official", "--no-color", "--section", _penalty_section(second)])
    _step("4. Our computed word diff of the second amendment", ["diff", second, third, "--no-color", "--context", "6"])
    _step("5. Who is covered and what penalties apply, amendment by amendment", ["history", *files])
    _step("6. Ambiguity worklist for the introduced version (for a legal clinic)", ["ambiguity", first, "--format", "md"])
    _step("7. The journalist's report", ["report", *files, "-o", report_path])
    click.echo(f"\nOpen {report_path} in a browser: one self-contained file, works offline.")


def _penalty_section(path: str) -> str:
    """The bill section that holds the penalty provisions, found from the text."""
    from lexdiff.ingest import read_version

    version = read_version(path)
    for provision in version.walk():
        body = version.text[provision.start : provision.end].lower()
        if provision.kind == "code_section" and "civil penalty" in body:
            return provision.path
    return version.provisions[-1].path
