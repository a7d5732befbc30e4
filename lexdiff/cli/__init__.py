"""Command-line interface: thin wrappers that parse options, call the library,
render, and turn :class:`LexdiffError` into an exit code.

Each command lives in its own module and is imported only when it runs, so
``lexdiff diff`` never pays for importing spaCy (over a second) and every
stage owner can add a command without touching the others.

Exit codes: 0 ok; 1 differences found (only with ``--exit-code``); 2 usage
(click's own); 3 unreadable or invalid input; 70 internal error.
"""

from __future__ import annotations

import importlib
import os
import sys
from typing import Any

import click

from lexdiff import __version__
from lexdiff.errors import LexdiffError

#: Command name -> "module:attribute". The registry for CLI commands.
COMMANDS: dict[str, str] = {
    "parse": "lexdiff.cli.parse:parse",
    "verify": "lexdiff.cli.verify:verify",
    "diff": "lexdiff.cli.diff:diff",
    "tag": "lexdiff.cli.tag:tag",
    "ambiguity": "lexdiff.cli.tag:ambiguity",
    "eval": "lexdiff.cli.evaluate:evaluate",
    "history": "lexdiff.cli.history:history",
    "report": "lexdiff.cli.report:report",
    "demo": "lexdiff.cli.demo:demo",
}


class LexdiffGroup(click.Group):
    """Lazily imported subcommands, and one place that reports errors."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(name for name in COMMANDS if self._load(name) is not None)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        return self._load(cmd_name)

    @staticmethod
    def _load(name: str) -> click.Command | None:
        target = COMMANDS.get(name)
        if target is None:
            return None
        module_name, attr = target.split(":")
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as err:
            if err.name == module_name:
                return None  # command not built yet
            raise
        return getattr(module, attr)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except LexdiffError as err:
            if _debug(ctx):
                raise
            click.echo(f"lexdiff: error: {err}", err=True)
            ctx.exit(err.exit_code)
        except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException):
            raise
        except KeyboardInterrupt:
            click.echo("lexdiff: interrupted", err=True)
            ctx.exit(130)
        except BrokenPipeError:
            # `lexdiff diff ... | head`: the reader went away; not an error.
            sys.stderr.close()
            ctx.exit(0)
        except Exception as err:  # noqa: BLE001 - last-resort message for users
            if _debug(ctx):
                raise
            click.echo(
                f"lexdiff: internal error: {type(err).__name__}: {err} "
                "(run again with --debug for a traceback, and please report it)",
                err=True,
            )
            ctx.exit(70)


def _debug(ctx: click.Context) -> bool:
    root = ctx.find_root()
    return bool((root.obj or {}).get("debug")) or os.environ.get("LEXDIFF_DEBUG") == "1"


@click.group(cls=LexdiffGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--debug", is_flag=True, help="Show tracebacks for errors.")
@click.version_option(__version__, prog_name="lexdiff")
@click.pass_context
def main(ctx: click.Context, debug: bool) -> None:
    """Read bill versions, tag the law, diff versions and explain amendments."""
    ctx.ensure_object(dict)
    ctx.obj["debug"] = debug
