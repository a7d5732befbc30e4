"""Renderers of a :class:`lexdiff.diff.VersionDiff`: text, Markdown, JSON and a minimal HTML page.

All four show the same thing: which provisions changed (the alignment) and,
grouped by provision, the words struck and inserted with a little unchanged
context around them. ``RENDERERS`` maps each ``--format`` name to its function.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from lexdiff.diff.result import DELETE, EQUAL, INSERT, Edit, ProvisionPair, VersionDiff
from lexdiff.errors import UsageError
from lexdiff.model import PATH_SEPARATOR, Version
from lexdiff.render.modeljson import SCHEMA, bill_dict, version_meta

#: Unchanged words shown on each side of a change unless ``--context`` says otherwise.
DEFAULT_CONTEXT = 8
ELLIPSIS = "\u2026"

_WORDS = re.compile(r"\S+\s*")


# -- selection -----------------------------------------------------------------


def within(path: str | None, section: str) -> bool:
    """Is ``path`` the provision ``section`` or inside it?

    ``SEC. 2 > BPC 22757.11 > (g)(1)`` is inside ``SEC. 2 > BPC 22757.11 > (g)``
    (chained subdivision labels) and inside ``SEC. 2``.
    """
    if path is None:
        return False
    if path == section:
        return True
    if path.startswith(section + PATH_SEPARATOR):
        return True
    return path.startswith(section + "(") and section.endswith(")")


_CHAINED = re.compile(r"(?<=\))(?=\()")


def ancestors(path: str) -> Iterator[str]:
    """The path itself and every enclosing path, outermost first.

    ``SEC. 2 > BPC 1 > (g)(1)`` gives ``SEC. 2``, ``SEC. 2 > BPC 1``,
    ``SEC. 2 > BPC 1 > (g)``, ``SEC. 2 > BPC 1 > (g)(1)``.
    """
    prefix = ""
    for k, segment in enumerate(path.split(PATH_SEPARATOR)):
        prefix = segment if k == 0 else prefix + PATH_SEPARATOR + segment
        base = prefix[: len(prefix) - len(segment)]
        pieces = _CHAINED.split(segment)
        for m in range(1, len(pieces)):
            yield base + "".join(pieces[:m])
        yield prefix


def outermost_in(path: str, paths: set[str]) -> str | None:
    """The outermost of ``path`` and its ancestors that is in ``paths``."""
    return next((p for p in ancestors(path) if p in paths), None)


def select(diff: VersionDiff, section: str | None) -> tuple[list[ProvisionPair], list[Edit]]:
    """The alignment rows and edits to show, limited to ``section`` when given.

    Raises:
        UsageError: no provision of either version has that path (the
            message suggests close paths).
    """
    if not section:
        return list(diff.alignment), list(diff.edits)
    rows = [r for r in diff.alignment if within(r.old_path, section) or within(r.new_path, section)]
    if not rows:
        import difflib

        paths = sorted({p for r in diff.alignment for p in (r.old_path, r.new_path) if p})
        close = difflib.get_close_matches(section, paths, n=3, cutoff=0.5)
        hint = f"; did you mean: {', '.join(repr(c) for c in close)}" if close else (
            "; run `lexdiff diff --format json` to list the paths" if paths else "; these versions have no provisions"
        )
        raise UsageError(f"--section {section!r} names no provision of either version{hint}")
    # A section named by its new path (22604.8) was another path in the old
    # version (22604.6) when it was renumbered: its struck words carry the old
    # path, so follow the alignment to find them (and the reverse).
    old_paths = {section} | {r.old_path for r in rows if r.old_path}
    new_paths = {section} | {r.new_path for r in rows if r.new_path}
    edits = [
        e
        for e in diff.edits
        if (e.op != INSERT and e.old_provision in old_paths)
        or (e.op != DELETE and e.new_provision in new_paths)
        or (e.op != INSERT and within(e.old_provision, section))
        or (e.op != DELETE and within(e.new_provision, section))
    ]
    return rows, edits


# -- grouping ------------------------------------------------------------------------


@dataclass
class Group:
    """Consecutive edits of one provision pair, ready to display."""

    old_path: str | None
    new_path: str | None
    status: str
    pieces: list[tuple[str, str]] = field(default_factory=list)  # (op, text); op "skip" = elided

    @property
    def title(self) -> str:
        if self.old_path and self.new_path and self.old_path != self.new_path:
            return f"{self.old_path} \u2192 {self.new_path}"
        return self.new_path or self.old_path or "(outside any provision)"


def _row_index(rows: Iterable[ProvisionPair]) -> dict[tuple[str | None, str | None], ProvisionPair]:
    index: dict[tuple[str | None, str | None], ProvisionPair] = {}
    for row in rows:
        index.setdefault((row.old_path, row.new_path), row)
        if row.new_path:
            index.setdefault((None, row.new_path), row)
        if row.old_path:
            index.setdefault((row.old_path, None), row)
    return index


def _clip_start(text: str, words: int) -> tuple[str, bool]:
    """First ``words`` words of ``text`` (with their spacing); True if clipped."""
    if words <= 0:
        return "", bool(text)
    matches = list(_WORDS.finditer(text))
    if len(matches) <= words:
        return text, False
    return text[: matches[words - 1].end()], True


def _clip_end(text: str, words: int) -> tuple[str, bool]:
    """Last ``words`` words of ``text``; True if clipped."""
    if words <= 0:
        return "", bool(text)
    starts = [m.start() for m in re.finditer(r"(?<!\S)\S", text)]
    if len(starts) <= words:
        return text, False
    return text[starts[-words] :], True


def group_edits(diff: VersionDiff, edits: Sequence[Edit], rows: Sequence[ProvisionPair], context: int) -> list[Group]:
    """Group edits by provision pair and elide unchanged text beyond ``context`` words.

    Only groups that contain a change are returned.
    """
    index = _row_index(rows)
    groups: list[Group] = []
    current: list[Edit] = []
    key: tuple[str | None, str | None] | None = None

    def close() -> None:
        if not current or all(e.op == EQUAL or not diff.text(e).strip() for e in current):
            # Nothing but a paragraph break moved (a struck block ends with
            # "\n", the next insertion starts with one): no words changed here.
            return
        anchor = next((e for e in current if e.op != INSERT and diff.text(e).strip()), current[0])
        old_path, new_path = anchor.old_provision, key[1] if key else anchor.new_provision
        # A side where the group is only a point (pure insertion or pure
        # deletion) is not where the group lives.
        if all(e.op == INSERT for e in current if diff.text(e).strip()):
            old_path = None
            if whole(new_path, True) in added_set:
                new_path = whole(new_path, True)
        elif all(e.op == DELETE for e in current if diff.text(e).strip()):
            new_path = None
            if whole(old_path, False) in removed_set:
                old_path = whole(old_path, False)
        row = index.get((old_path, new_path))
        if row is None and new_path:
            # Not a pair (an added provision that took in struck text, say):
            # title it by the new provision alone.
            row = index.get((None, new_path))
            old_path = None if row is not None else old_path
        if row is None and old_path:
            row = index.get((old_path, None))
        group = Group(old_path, new_path, row.status if row else "changed")
        last = len(current) - 1
        for k, edit in enumerate(current):
            text = diff.text(edit)
            if edit.op != EQUAL:
                group.pieces.append((edit.op, text))
                continue
            first, final = k == 0, k == last
            if first and not final:
                shown, clipped = _clip_end(text, context)
                if clipped:
                    group.pieces.append(("skip", ELLIPSIS))
                group.pieces.append((EQUAL, shown))
            elif final and not first:
                shown, clipped = _clip_start(text, context)
                group.pieces.append((EQUAL, shown))
                if clipped:
                    group.pieces.append(("skip", ELLIPSIS))
            else:
                head, clipped = _clip_start(text, context)
                if not clipped or len(text.split()) <= 2 * context:
                    group.pieces.append((EQUAL, text))
                else:
                    tail, _ = _clip_end(text, context)
                    group.pieces.extend([(EQUAL, head), ("skip", ELLIPSIS), (EQUAL, tail)])
        merged: list[tuple[str, str]] = []
        for op, text in group.pieces:
            if merged and merged[-1][0] == op and op != "skip":
                merged[-1] = (op, merged[-1][1] + text)
            else:
                merged.append((op, text))
        group.pieces = merged
        groups.append(group)

    # A provision added (or removed) as a whole is shown as one block under
    # its own heading, not one block per subdivision.
    added_set = {r.new_path for r in rows if r.status == "added" and r.new_path}
    removed_set = {r.old_path for r in rows if r.status == "removed" and r.old_path}

    def whole(path: str | None, new_side: bool) -> str | None:
        if path is None:
            return None
        return outermost_in(path, added_set if new_side else removed_set) or path

    for edit in edits:
        # Grouped by the provision of the new text (a deletion by where it
        # stood in the new text), so a subdivision that was relabelled and
        # edited reads as one block.
        edit_key = (None, edit.new_provision)
        if edit.op != DELETE and whole(edit.new_provision, True) in added_set:
            edit_key = (None, whole(edit.new_provision, True))
        if edit.op != EQUAL and current and not diff.text(edit).strip():
            # A struck or inserted paragraph break belongs with the words
            # next to it, not in a group of its own.
            current.append(edit)
            continue
        if edit_key != key:
            close()
            current = []
            key = edit_key
        current.append(edit)
    close()
    return groups


def notable_rows(rows: Sequence[ProvisionPair]) -> list[ProvisionPair]:
    """Rows worth listing: everything but unchanged and plain changed rows,
    and not the children of a provision that was itself added or removed."""
    added = {r.new_path for r in rows if r.status == "added" and r.new_path}
    removed = {r.old_path for r in rows if r.status == "removed" and r.old_path}
    out: list[ProvisionPair] = []
    for row in rows:
        if row.status in ("unchanged", "changed"):
            continue
        if row.status == "added" and outermost_in(row.new_path or "", added) != row.new_path:
            continue
        if row.status == "removed" and outermost_in(row.old_path or "", removed) != row.old_path:
            continue
        out.append(row)
    return out


def _heading(diff: VersionDiff) -> str:
    old_bill, new_bill = diff.old.bill, diff.new.bill
    if old_bill.same_measure(new_bill) is False:
        # Two different measures (an act and the one that repealed and
        # re-enacted it, or a wrong file): name each one.
        return f"{old_bill.citation} {_version_line(diff.old)} \u2192 {new_bill.citation} {_version_line(diff.new)}"
    citation = new_bill.citation or old_bill.citation
    pair = f"{_version_line(diff.old)} \u2192 {_version_line(diff.new)}"
    return f"{citation}: {pair}" if citation else pair


def _version_line(version: Version) -> str:
    parts = [version.label or version.id]
    if version.date:
        parts.append(f"({version.date})")
    return " ".join(parts)


def _summary(diff: VersionDiff, rows: Sequence[ProvisionPair], edits: Sequence[Edit]) -> str:
    from lexdiff.model import words

    inserted = sum(len(words(diff.text(e))) for e in edits if e.op == INSERT)
    deleted = sum(len(words(diff.text(e))) for e in edits if e.op == DELETE)
    counts: dict[str, int] = {}
    for row in rows:
        counts[row.status] = counts.get(row.status, 0) + 1
    statuses = ", ".join(f"{n} {s}" for s, n in counts.items() if s != "unchanged" and n)
    source = "official redline" if diff.source == "official" else "computed word diff"
    return (
        f"{source}: {inserted} words inserted, {deleted} deleted"
        + (f"; provisions: {statuses}" if statuses else "; no provision changed")
    )


def _row_line(row: ProvisionPair) -> str:
    if row.old_path and row.new_path and row.old_path != row.new_path:
        where = f"{row.old_path} \u2192 {row.new_path}"
    else:
        where = row.new_path or row.old_path or ""
    extra = []
    if row.old is not None and row.new is not None:
        extra.append(f"similarity {row.similarity:.2f}")
        if row.moved and row.status != "moved":
            extra.append("also moved")
    return f"{row.status:<10} {where}" + (f" ({', '.join(extra)})" if extra else "")


# -- text --------------------------------------------------------------------------


def render_text(
    diff: VersionDiff, *, context: int = DEFAULT_CONTEXT, section: str | None = None, color: bool = False
) -> str:
    """A terminal redline: ``[-struck-]`` and ``{+inserted+}``, or red/green when ``color``."""
    import click

    rows, edits = select(diff, section)

    def styled(op: str, text: str) -> str:
        if op == DELETE:
            return click.style(text, fg="red", strikethrough=True) if color else f"[-{text}-]"
        if op == INSERT:
            return click.style(text, fg="green", underline=True) if color else f"{{+{text}+}}"
        if op == "skip":
            return click.style(text, dim=True) if color else text
        return text

    bold: Callable[[str], str] = (lambda s: click.style(s, bold=True)) if color else (lambda s: s)
    lines = [
        bold(_heading(diff)),
        _summary(diff, rows, edits),
    ]
    notable = notable_rows(rows)
    if notable:
        lines.append("")
        lines.append(bold("Provisions"))
        lines.extend("  " + _row_line(row) for row in notable)
    for group in group_edits(diff, edits, rows, context):
        lines.append("")
        lines.append(bold(f"\u2500\u2500 {group.title}  [{group.status}]"))
        body = "".join(styled(op, text) for op, text in group.pieces)
        lines.extend("   " + line for line in body.split("\n"))
    return "\n".join(lines) + "\n"


# -- Markdown ------------------------------------------------------------------------

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|~])")


def _md_escape(text: str) -> str:
    return _MD_SPECIAL.sub(r"\\\1", text)


def _md_span(op: str, text: str) -> str:
    # Emphasis markers must hug non-space text, so leading/trailing blanks
    # (and paragraph breaks) stay outside them.
    if op in (EQUAL, "skip"):
        return _md_escape(text).replace("\n", "  \n")
    out: list[str] = []
    for k, line in enumerate(text.split("\n")):
        if k:
            out.append("  \n")
        core = line.strip()
        if not core:
            out.append(line)
            continue
        lead = line[: len(line) - len(line.lstrip())]
        trail = line[len(line.rstrip()) :]
        mark = "~~" if op == DELETE else "**"
        out.append(f"{lead}{mark}{_md_escape(core)}{mark}{trail}")
    return "".join(out)


def render_md(diff: VersionDiff, *, context: int = DEFAULT_CONTEXT, section: str | None = None) -> str:
    """A Markdown redline for sharing: ~~struck~~ and **inserted**."""
    rows, edits = select(diff, section)
    out = [
        f"# {_md_escape(_heading(diff))}",
        "",
        _md_escape(_summary(diff, rows, edits)) + ". Struck text is ~~crossed out~~, inserted text is **bold**.",
    ]
    notable = notable_rows(rows)
    if notable:
        out += ["", "## Provisions", "", "| status | provision | similarity |", "|---|---|---|"]
        for row in notable:
            where = (
                f"{row.old_path} \u2192 {row.new_path}"
                if row.old_path and row.new_path and row.old_path != row.new_path
                else (row.new_path or row.old_path or "")
            )
            sim = f"{row.similarity:.2f}" if row.old is not None and row.new is not None else ""
            out.append(f"| {row.status} | {_md_escape(where)} | {sim} |")
    out += ["", "## Changes"]
    for group in group_edits(diff, edits, rows, context):
        out += ["", f"### {_md_escape(group.title)} ({group.status})", ""]
        out.append("".join(_md_span(op, text) for op, text in group.pieces))
    return "\n".join(out) + "\n"


# -- JSON --------------------------------------------------------------------------


def row_dict(row: ProvisionPair) -> dict[str, Any]:
    return {
        "old": row.old_path,
        "new": row.new_path,
        "status": row.status,
        "similarity": row.similarity,
        "method": row.method,
        "renumbered": row.renumbered,
        "moved": row.moved,
        "text_changed": row.text_changed,
        "piece": row.piece,
        "kind": (row.new or row.old).kind if (row.new or row.old) else None,
        "old_id": row.old.id if row.old else None,
        "new_id": row.new.id if row.new else None,
        "old_label": row.old.label if row.old else None,
        "new_label": row.new.label if row.new else None,
    }


def edit_dict(diff: VersionDiff, edit: Edit) -> dict[str, Any]:
    return {
        "op": edit.op,
        "text": diff.text(edit),
        "old_start": edit.old_start,
        "old_end": edit.old_end,
        "new_start": edit.new_start,
        "new_end": edit.new_end,
        "old_provision": edit.old_provision,
        "new_provision": edit.new_provision,
    }


def diff_dict(diff: VersionDiff, *, section: str | None = None) -> dict[str, Any]:
    """The ``lexdiff diff --format json`` document (see docs/json.md)."""
    rows, edits = select(diff, section)
    stats = diff.stats()
    if section:
        stats["section"] = section
    return {
        "schema": SCHEMA,
        "bill": bill_dict(diff.new.bill),
        "old": version_meta(diff.old),
        "new": version_meta(diff.new),
        "source": diff.source,
        "alignment": [row_dict(r) for r in rows],
        "edits": [edit_dict(diff, e) for e in edits],
        "stats": stats,
    }


def render_json(diff: VersionDiff, *, section: str | None = None, **_: Any) -> str:
    from lexdiff.render import dumps_json

    return dumps_json(diff_dict(diff, section=section), records=True)


# -- HTML --------------------------------------------------------------------------

_HTML = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ title }}</title>
<style>
body { font: 16px/1.5 Georgia, "Times New Roman", serif; max-width: 50rem; margin: 2rem auto; padding: 0 1rem; color: #1b1b1b; }
h1 { font-size: 1.4rem; } h2 { font-size: 1.15rem; margin-top: 2rem; }
h3 { font: 600 0.95rem/1.3 system-ui, sans-serif; margin: 1.6rem 0 0.4rem; }
.status { font-weight: normal; color: #555; }
.summary, table { font: 0.9rem/1.4 system-ui, sans-serif; }
table { border-collapse: collapse; } td, th { padding: 0.2rem 0.6rem; border-bottom: 1px solid #ddd; text-align: left; }
del { color: #a40000; background: #fde8e8; text-decoration: line-through; }
ins { color: #0a5a14; background: #e3f6e5; text-decoration: underline; }
.skip { color: #888; }
.redline { white-space: pre-wrap; }
</style>
</head>
<body>
<h1>{{ title }}</h1>
<p class="summary">{{ summary }}. Struck text is shown <del>like this</del>, inserted text <ins>like this</ins>.</p>
{% if rows %}
<h2>Provisions</h2>
<table>
<thead><tr><th>status</th><th>provision</th><th>similarity</th></tr></thead>
<tbody>
{% for row in rows %}<tr><td>{{ row.status }}</td><td>{{ row.where }}</td><td>{{ row.similarity }}</td></tr>
{% endfor %}</tbody>
</table>
{% endif %}
<h2>Changes</h2>
{% for group in groups %}
<section>
<h3>{{ group.title }} <span class="status">({{ group.status }})</span></h3>
<div class="redline">{% for op, text in group.pieces %}{% if op == "delete" %}<del>{{ text }}</del>{% elif op == "insert" %}<ins>{{ text }}</ins>{% elif op == "skip" %}<span class="skip">{{ text }}</span>{% else %}{{ text }}{% endif %}{% endfor %}</div>
</section>
{% else %}
<p>No differences.</p>
{% endfor %}
</body>
</html>
"""


def render_html(diff: VersionDiff, *, context: int = DEFAULT_CONTEXT, section: str | None = None) -> str:
    """A minimal self-contained redline page (no scripts, no network; every text escaped)."""
    import jinja2

    rows, edits = select(diff, section)
    environment = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
    template = environment.from_string(_HTML)
    table = []
    for row in notable_rows(rows):
        where = (
            f"{row.old_path} \u2192 {row.new_path}"
            if row.old_path and row.new_path and row.old_path != row.new_path
            else (row.new_path or row.old_path or "")
        )
        sim = f"{row.similarity:.2f}" if row.old is not None and row.new is not None else ""
        table.append({"status": row.status, "where": where, "similarity": sim})
    return template.render(
        title=_heading(diff),
        summary=_summary(diff, rows, edits),
        rows=table,
        groups=group_edits(diff, edits, rows, context),
    )


#: ``--format`` name -> renderer. Every renderer takes the diff plus keyword
#: options (``context``, ``section``; ``color`` for text).
RENDERERS: dict[str, Callable[..., str]] = {
    "text": render_text,
    "json": render_json,
    "md": render_md,
    "html": render_html,
}


def render(diff: VersionDiff, format: str, **options: Any) -> str:
    """Render ``diff`` in ``format``.

    Raises:
        UsageError: unknown format (the message lists the valid ones).
    """
    renderer = RENDERERS.get(format)
    if renderer is None:
        raise UsageError(f"unknown diff format {format!r}; choose one of: {', '.join(RENDERERS)}")
    if format != "text":
        options.pop("color", None)
    if format == "json":
        options.pop("context", None)
    return renderer(diff, **options)
