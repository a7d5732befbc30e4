"""``lexdiff verify PREV CUR``: do CUR's official change marks rebuild PREV?

An amended California bill marks its own changes against the version before
it. Dropping CUR's insertions and restoring its deletions must give PREV's
text word for word; when it does, lexdiff has read both versions and the
marks correctly (and the redline it shows agrees with the Legislature's).
When it does not, the command says where, in both versions, so that a reader
bug or a publishing error can be found.

Exit codes: 0 the texts agree; 1 they differ; 3 a file cannot be read.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import Any

import click

from lexdiff.cli.options import output_option
from lexdiff.cli.parse import format_in_option, read_for_cli
from lexdiff.model import Version

_WORD = re.compile(r"\S+")
CONTEXT_WORDS = 6
SHOWN_MISMATCHES = 5


@dataclass(frozen=True)
class Side:
    """One side of a mismatch: where it is and the words around it."""

    word: int  # index of the first differing word
    path: str | None  # provision it falls in
    before: tuple[str, ...]
    differing: tuple[str, ...]
    after: tuple[str, ...]


@dataclass(frozen=True)
class Mismatch:
    previous: Side  # in PREV's own text
    current: Side  # in the text rebuilt from CUR (path: CUR's provision)


@dataclass(frozen=True)
class MarkCheck:
    """Result of :func:`check_marks`."""

    words: int  # words of the previous version compared
    rebuilt_words: int
    inserts: int
    deletes: int
    mismatches: tuple[Mismatch, ...] = field(default_factory=tuple)

    @property
    def ok(self) -> bool:
        return not self.mismatches


def rebuild_with_origins(version: Version) -> tuple[str, list[tuple[int, int]]]:
    """Rebuild the previous text like :func:`lexdiff.model.rebuild_previous_text`.

    Also returns, for each piece of the rebuilt text, ``(rebuilt_start,
    offset_in_version)`` so that a rebuilt word can be traced back to the
    provision of ``version`` it came from (a restored deletion maps to the
    place it was struck).
    """
    pieces: list[str] = []
    origins: list[tuple[int, int]] = []
    length = 0
    cursor = 0
    text = version.text

    def add(piece: str, origin: int) -> None:
        nonlocal length
        if piece:
            origins.append((length, origin))
            pieces.append(piece)
            length += len(piece)

    for mark in sorted(version.marks, key=lambda m: (m.start, m.op != "delete")):
        if mark.start < cursor:
            if mark.op == "insert" and mark.end > cursor:
                cursor = mark.end
            continue
        add(text[cursor : mark.start], cursor)
        if mark.op == "delete":
            add(mark.text, -1 - mark.start)  # negative: restored at mark.start
            cursor = mark.start
        else:
            cursor = mark.end
    add(text[cursor:], cursor)
    return "".join(pieces), origins


def _origin(origins: list[tuple[int, int]], offset: int) -> int:
    index = bisect.bisect_right([start for start, _ in origins], offset) - 1
    if index < 0:
        return 0
    start, origin = origins[index]
    return -1 - origin if origin < 0 else origin + (offset - start)


def _side(
    words: list[tuple[str, int]], start: int, end: int, version: Version, origins: Any = None
) -> Side:
    offset = words[start][1] if start < len(words) else (words[-1][1] if words else 0)
    if origins is not None:
        offset = _origin(origins, offset)
    provision = version.provision_at(offset)
    tokens = [word for word, _ in words]
    return Side(
        word=start,
        path=provision.path if provision else None,
        before=tuple(tokens[max(0, start - CONTEXT_WORDS) : start]),
        differing=tuple(tokens[start:end]),
        after=tuple(tokens[end : end + CONTEXT_WORDS]),
    )


def check_marks(previous: Version, current: Version) -> MarkCheck:
    """Compare, word for word, PREV's text with the text rebuilt from CUR's marks."""
    rebuilt, origins = rebuild_with_origins(current)
    prev_words = [(m.group(), m.start()) for m in _WORD.finditer(previous.text)]
    cur_words = [(m.group(), m.start()) for m in _WORD.finditer(rebuilt)]
    inserts = sum(1 for mark in current.marks if mark.op == "insert")
    deletes = len(current.marks) - inserts
    a = [word for word, _ in prev_words]
    b = [word for word, _ in cur_words]
    mismatches: list[Mismatch] = []
    if a != b:
        for i1, i2, j1, j2 in _differing_regions(a, b):
            mismatches.append(
                Mismatch(
                    previous=_side(prev_words, i1, i2, previous),
                    current=_side(cur_words, j1, j2, current, origins),
                )
            )
    return MarkCheck(len(a), len(b), inserts, deletes, tuple(mismatches))


def _differing_regions(a: list[str], b: list[str]) -> list[tuple[int, int, int, int]]:
    """``(i1, i2, j1, j2)`` of each stretch where the word lists differ."""
    # The project's word diff (diff-match-patch, no time limit): linear-ish
    # on long bills where difflib can go quadratic, and deterministic.
    from lexdiff.diff.words import EQUAL, diff_sequences

    regions: list[tuple[int, int, int, int]] = []
    i = j = 0
    open_region: list[int] | None = None
    for op, count in diff_sequences(a, b, cleanup="semantic"):
        if op == EQUAL:
            if open_region is not None:
                regions.append((open_region[0], i, open_region[1], j))
                open_region = None
            i += count
            j += count
            continue
        if open_region is None:
            open_region = [i, j]
        if op == "delete":
            i += count
        else:
            j += count
    if open_region is not None:
        regions.append((open_region[0], i, open_region[1], j))
    return regions


def _quote(side: Side) -> str:
    before = " ".join(side.before)
    after = " ".join(side.after)
    words = side.differing
    if len(words) > 14:
        middle = f"{' '.join(words[:8])} … ({len(words) - 12} more words) … {' '.join(words[-4:])}"
    else:
        middle = " ".join(words) or "(nothing)"
    return f"… {before} [{middle}] {after} …".replace("  ", " ")


def render_text(check: MarkCheck, previous: Version, current: Version) -> str:
    marks = f"{check.inserts + check.deletes} marks ({check.inserts} insertions, {check.deletes} deletions)"
    if check.ok:
        return (
            f"OK: {check.words} words of {previous.id} ({previous.label}) rebuilt word for word "
            f"from the {marks} of {current.id} ({current.label})\n"
        )
    lines = [
        f"MISMATCH: text rebuilt from the {marks} of {current.id} ({current.label}) differs "
        f"from {previous.id} ({previous.label}) in {len(check.mismatches)} place(s); "
        f"{check.words} words compared, {check.rebuilt_words} rebuilt"
    ]
    if not current.marks:
        lines.append(f"note: {current.source} carries no official change marks")
    for mismatch in check.mismatches[:SHOWN_MISMATCHES]:
        p, c = mismatch.previous, mismatch.current
        lines.append(f"  previous word {p.word}, {p.path or '(outside any provision)'}: {_quote(p)}")
        lines.append(f"  rebuilt  word {c.word}, {c.path or '(outside any provision)'}: {_quote(c)}")
    if len(check.mismatches) > SHOWN_MISMATCHES:
        lines.append(f"  … and {len(check.mismatches) - SHOWN_MISMATCHES} more (use --format json)")
    return "\n".join(lines) + "\n"


def _side_dict(side: Side) -> dict[str, Any]:
    return {
        "word": side.word,
        "path": side.path,
        "before": list(side.before),
        "words": list(side.differing),
        "after": list(side.after),
    }


def render_json(check: MarkCheck, previous: Version, current: Version) -> str:
    from lexdiff.render import dumps_json
    from lexdiff.render.modeljson import SCHEMA, version_meta

    return dumps_json(
        {
            "schema": SCHEMA,
            "ok": check.ok,
            "previous": version_meta(previous),
            "current": version_meta(current),
            "words_compared": check.words,
            "words_rebuilt": check.rebuilt_words,
            "marks": {"insert": check.inserts, "delete": check.deletes},
            "mismatches": [
                {"previous": _side_dict(m.previous), "rebuilt": _side_dict(m.current)}
                for m in check.mismatches
            ],
        }
    )


@click.command()
@click.argument("previous", metavar="PREV")
@click.argument("current", metavar="CUR")
@click.option("--format", "fmt", type=click.Choice(("text", "json")), default="text", show_default=True)
@format_in_option
@output_option
@click.pass_context
def verify(
    ctx: click.Context, previous: str, current: str, fmt: str, format_in: str | None, output: str | None
) -> None:
    """Check that CUR's official change marks rebuild PREV word for word.

    Covers everything the reader puts in the text: for CAML the long title,
    the digest and the bill body. Exit 0 when they agree, 1 when they differ.
    """
    prev_version = read_for_cli(previous, format_in)
    cur_version = read_for_cli(current, format_in)
    check = check_marks(prev_version, cur_version)
    render = render_json if fmt == "json" else render_text
    from lexdiff.render import write_output

    write_output(render(check, prev_version, cur_version), output)
    if not check.ok:
        ctx.exit(1)
