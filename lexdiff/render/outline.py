"""Outline of one version: its provisions as an indented list (text or Markdown).

What ``lexdiff parse`` prints by default. Each line gives a provision's path
(the citation other commands accept), its kind, its heading, how many of the
version's official change marks fall directly in it (``[marks +2 -1]``:
insertions, deletions) and the first words of its own text, indented by
depth::

    SEC. 2  bill section  Chapter 25.1 (commencing with Section 22757.10) is added ...
      SEC. 2 > Chapter 25.1  chapter: Transparency in Frontier Artificial Intelligence Act
      SEC. 2 > BPC 22757.11  code section  For purposes of this chapter:
        SEC. 2 > BPC 22757.11 > (a)  subdivision  “Artificial intelligence model” means ...
"""

from __future__ import annotations

import re

from lexdiff.ingest.labels import split_labels
from lexdiff.model import Provision, Version

EXCERPT_CHARS = 72

# A paragraph that only repeats the provision's number ("SEC. 2.",
# "SECTION 1.", "22757.11.") says nothing an outline reader needs.
_NUMBER_LINE = re.compile(r"^(?:SECTION|SEC\.)?\s*[\dA-Za-z.\-]*\d[\dA-Za-z.\-]*\.?$")


def _excerpt(version: Version, provision: Provision, limit: int = EXCERPT_CHARS) -> str:
    own_end = provision.children[0].start if provision.children else provision.end
    lines = version.text[provision.start : max(own_end, provision.start)].split("\n")
    if not any(line.strip() for line in lines):
        lines = version.text[provision.start : provision.end].split("\n")
    for line in lines:
        _, rest = split_labels(line)
        if not rest or _NUMBER_LINE.match(rest):
            continue
        if provision.heading and provision.heading in rest:
            continue
        if len(rest) > limit:
            cut = rest[:limit].rsplit(" ", 1)[0] or rest[:limit]
            return cut + " …"
        return rest
    return ""


def _owner(version: Version, offset: int) -> Provision | None:
    """The innermost provision containing ``offset``.

    Struck paragraphs are placed right after the last paragraph before them,
    so a section struck at the end of a bill section sits at that bill
    section's end offset: a top-level provision ending exactly there owns it.
    """
    found = version.provision_at(offset)
    if found is not None:
        return found
    return next((p for p in version.provisions if p.end == offset), None)


def _mark_counts(version: Version) -> dict[str, tuple[int, int]]:
    """Official marks per innermost provision: path -> (insertions, deletions)."""
    counts: dict[str, tuple[int, int]] = {}
    text = version.text
    for mark in version.marks:
        offset = mark.start
        if mark.op == "insert":
            # An inserted paragraph's mark starts at the break before it.
            while offset < mark.end and text[offset].isspace():
                offset += 1
        provision = _owner(version, offset)
        if provision is None:
            continue
        inserts, deletes = counts.get(provision.path, (0, 0))
        counts[provision.path] = (inserts + 1, deletes) if mark.op == "insert" else (inserts, deletes + 1)
    return counts


def _marks_note(counts: dict[str, tuple[int, int]], provision: Provision) -> str:
    inserts, deletes = counts.get(provision.path, (0, 0))
    parts = ([f"+{inserts}"] if inserts else []) + ([f"-{deletes}"] if deletes else [])
    return f"[marks {' '.join(parts)}]" if parts else ""


def reading_notes(version: Version) -> list[str]:
    """What the reader changed or could not be sure of, in words ([] for a clean read)."""
    meta = version.meta
    notes = []
    if meta.get("encoding_repaired"):
        notes.append(f"{meta['encoding_repaired']} mis-decoded characters repaired (e.g. 'â€“' -> '–')")
    if meta.get("ocr_text_layer"):
        notes.append("the text layer is a scan's OCR: expect misread words")
    if meta.get("struck_text"):
        notes.append(f"{len(meta['struck_text'])} struck-through passages left out (deleted law)")
    if meta.get("superscripts"):
        notes.append(f"{len(meta['superscripts'])} exponents restored (10^26)")
    if meta.get("unplaced_marks"):
        notes.append(f"{len(meta['unplaced_marks'])} change marks could not be placed in the text")
    return notes


def _header(version: Version) -> list[str]:
    date = f", {version.date}" if version.date else ""
    state = f", {version.state}" if version.state else ""
    count = sum(1 for _ in version.walk())
    lines = [
        f"{version.bill.citation}: {version.label}{date} ({version.id}{state})",
        f"source: {version.source}  format: {version.format}",
        f"text: {len(version.text)} characters, {count} provisions, "
        f"{len(version.marks)} official change marks",
    ]
    notes = reading_notes(version)
    if notes:
        lines.append("notes: " + "; ".join(notes))
    return lines


def _entries(version: Version) -> list[tuple[int, Provision]]:
    out: list[tuple[int, Provision]] = []

    def visit(provision: Provision, depth: int) -> None:
        out.append((depth, provision))
        for child in provision.children:
            visit(child, depth + 1)

    for provision in version.provisions:
        visit(provision, 0)
    return out


def outline_text(version: Version) -> str:
    """The outline as plain text (two spaces of indentation per level)."""
    lines = _header(version) + [""]
    counts = _mark_counts(version)
    for depth, provision in _entries(version):
        kind = provision.kind.replace("_", " ")
        head = f"{kind}: {provision.heading}" if provision.heading else kind
        line = f"{'  ' * depth}{provision.path}  {head}"
        note = _marks_note(counts, provision)
        if note:
            line += f"  {note}"
        excerpt = _excerpt(version, provision)
        if excerpt:
            line += f"  {excerpt}"
        lines.append(line)
    return "\n".join(lines) + "\n"


_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|])")


def _md(text: str) -> str:
    # Bill text is data: escape everything Markdown could read as markup.
    return _MD_SPECIAL.sub(r"\\\1", text)


def outline_markdown(version: Version) -> str:
    """The outline as a Markdown document (a nested list)."""
    date = f", {version.date}" if version.date else ""
    count = sum(1 for _ in version.walk())
    lines = [
        f"# {_md(version.bill.citation)}: {_md(version.label)}{_md(date)}",
        "",
        f"- version: `{version.id}`" + (f" ({_md(version.state)})" if version.state else ""),
        f"- source: `{version.source}` (format `{version.format}`)",
        f"- text: {len(version.text)} characters, {count} provisions, "
        f"{len(version.marks)} official change marks",
    ]
    lines += [f"- note: {_md(note)}" for note in reading_notes(version)]
    if version.bill.title:
        lines.insert(2, f"*{_md(version.bill.title)}*")
        lines.insert(3, "")
    lines += ["", "## Provisions", ""]
    counts = _mark_counts(version)
    for depth, provision in _entries(version):
        kind = provision.kind.replace("_", " ")
        item = f"{'  ' * depth}- `{provision.path}` {kind}"
        if provision.heading:
            item += f": **{_md(provision.heading)}**"
        note = _marks_note(counts, provision)
        if note:
            item += f" {_md(note)}"
        excerpt = _excerpt(version, provision)
        if excerpt:
            item += f" — {_md(excerpt)}"
        lines.append(item)
    return "\n".join(lines) + "\n"
