"""``lexdiff history`` output: a readable summary (text), tables to paste (md), and JSON.

All three show the same :class:`~lexdiff.delta.history.History`: the facts of
each version (who is covered, what penalties apply, which bodies act, how
many duties fall on whom) and what each amendment changed. JSON is
documented in ``docs/json.md`` (section "history").
"""

from __future__ import annotations

from collections import Counter
from typing import Any, Callable, Iterable

from lexdiff.delta.changes import (
    AREAS,
    Change,
    change_dict,
    describe_amount,
    describe_penalty,
    describe_test,
    short_path,
)
from lexdiff.delta.consolidate import is_consolidated
from lexdiff.delta.facts import facts_dict
from lexdiff.delta.history import History, Stage, measures, version_date
from lexdiff.render import dumps_json
from lexdiff.render.modeljson import SCHEMA, bill_dict

_AREA_TITLES = {
    "coverage": "Who is covered",
    "penalties": "Penalties",
    "institutions": "Institutions",
    "duties": "Duties",
    "definitions": "Definitions",
    "ambiguity": "Ambiguity",
}
_MARKS = {"added": "+", "removed": "-", "modified": "~"}


# --------------------------------------------------------------------------
# JSON
# --------------------------------------------------------------------------


def history_dict(history: History) -> dict[str, Any]:
    """The ``lexdiff history --format json`` document."""
    base = history.stage(history.base).version.id if history.base else None
    return {
        "schema": SCHEMA,
        "bill": bill_dict(history.bill),
        "base": base,
        "versions": [
            {
                "index": stage.index,
                "bill": stage.version.bill.citation,
                "id": stage.version.id,
                "label": stage.version.label,
                "date": version_date(stage.version),
                "state": stage.version.state,
                "source": stage.version.source,
                "facts": facts_dict(stage.facts),
            }
            for stage in history.stages
        ],
        "comparisons": [
            {"from": history.stage(a).version.id, "to": history.stage(b).version.id}
            for a, b in history.comparisons
        ],
        "changes": [change_dict(change) for change in history.changes],
    }


def history_json(history: History) -> str:
    return dumps_json(history_dict(history))


# --------------------------------------------------------------------------
# Text
# --------------------------------------------------------------------------


def _coverage_lines(stage: Stage) -> list[str]:
    lines = []
    for entry in stage.facts.coverage:
        test = describe_test(entry)
        extra = f"; excluding: {'; '.join(entry.exclusions)}" if entry.exclusions else ""
        lines.append(f"{entry.subject} ({short_path(entry.provision)}): {test}{extra}")
    return lines


def _penalty_lines(stage: Stage) -> list[str]:
    lines = []
    for penalty in stage.facts.penalties:
        who = penalty.violator or "any violator"
        by = f", enforced by {penalty.enforcer}" if penalty.enforcer else ""
        lines.append(f"{who} ({short_path(penalty.provision)}): {describe_penalty(penalty)}{by}")
    return lines


def _institution_lines(stage: Stage) -> list[str]:
    out = []
    for inst in stage.facts.institutions:
        role = "created" if inst.role == "created" else "empowered"
        duties = f", {inst.duties} dut{'y' if inst.duties == 1 else 'ies'}/power{'s' if inst.duties != 1 else ''}" if inst.duties else ""
        out.append(f"{inst.name} ({role}, {short_path(inst.provision)}{duties})")
    return out


def _duty_summary(stage: Stage) -> str:
    counts = Counter(d.actor or "unnamed" for d in stage.facts.duties if d.modality in ("obligation", "prohibition"))
    if not counts:
        return "none"
    total = sum(counts.values())
    top = ", ".join(f"{actor} {n}" for actor, n in counts.most_common(6))
    more = "" if len(counts) <= 6 else f", {len(counts) - 6} other actor(s)"
    return f"{total} obligations/prohibitions ({top}{more})"


def _compact(changes: list[Change], area: str) -> list[str]:
    """Lines for one area; long runs of added/removed duties and definitions are grouped."""
    lines = []
    if area in ("duties", "definitions"):
        groups: dict[tuple[str, str], list[Change]] = {}
        for change in changes:
            if change.change in ("added", "removed"):
                groups.setdefault((change.change, change.subject or "unnamed"), []).append(change)
            else:
                lines.append(f"{_MARKS[change.change]} {change.summary}")
        for (kind, subject), items in groups.items():
            if len(items) < 3:
                lines.extend(f"{_MARKS[kind]} {c.summary}" for c in items)
                continue
            where = ", ".join(dict.fromkeys(short_path(c.provisions[0]) for c in items))
            noun = "duties" if area == "duties" else "definitions"
            lines.append(f"{_MARKS[kind]} {len(items)} {noun} {kind} for “{subject}”: {where}")
        return lines
    return [f"{_MARKS[c.change]} {c.summary}" for c in changes]


def _ambiguity_lines(changes: list[Change]) -> list[str]:
    """One line per finding kind and word: the vague word "material" in five
    subdivisions is one thing to tell a reader, with five places."""
    groups: dict[tuple[str, str, str], list[Change]] = {}
    for change in changes:
        fact = change.after if change.change == "added" else change.before
        words = str((fact or {}).get("text") or "").strip().lower()
        groups.setdefault((change.change, change.subject, words), []).append(change)
    lines = []
    for (kind, rule, words), items in groups.items():
        fact = (items[0].after if kind == "added" else items[0].before) or {}
        where = ", ".join(dict.fromkeys(short_path(c.provisions[0]) for c in items))
        verb = "introduced" if kind == "added" else "resolved" if kind == "removed" else "changed"
        severity = f", {fact.get('severity')}" if kind == "added" and fact.get("severity") else ""
        reason = f" {fact.get('reason')}" if kind == "added" and fact.get("reason") else ""
        lines.append(f"{_MARKS[kind]} {rule}{severity} “{fact.get('text', '')}” {verb} at {where}.{reason}")
    return lines


def _definition_lines(changes: list[Change]) -> list[str]:
    lines = [f"~ {c.summary}" for c in changes if c.change == "modified"]
    added = [c for c in changes if c.change == "added"]
    removed = [c for c in changes if c.change == "removed"]
    if added:
        lines.append("+ New definitions: " + ", ".join(f"“{c.subject}” ({short_path(c.provisions[0])})" for c in added))
    if removed:
        lines.append("- Definitions removed: " + ", ".join(f"“{c.subject}” ({short_path(c.provisions[0])})" for c in removed))
    return lines


#: Said once when a history spans several acts: what their facts are of.
_SEVERAL_MEASURES = (
    "Several acts on the same law: an amending act prints only the provisions it changes, so its "
    "facts are those of the text it prints, and what it does not print shows as removed."
)
_APPLIED = (
    "Several acts on the same law: an act that amends parts of it is applied to the law before it (the "
    "provisions it prints replace theirs), so each version's facts are those of the whole law as amended."
)


def _several_note(history: History) -> str:
    applied = [s for s in history.stages if is_consolidated(s.version)]
    if not applied:
        return _SEVERAL_MEASURES
    missed = [p for s in applied for p in s.version.meta["consolidated"].get("not_applied", [])]
    note = _APPLIED
    if missed:
        note += f" Not found in the law, so not applied: {', '.join(missed)}."
    return note


def _measures(history: History) -> list[Any]:
    return measures([stage.version for stage in history.stages])


def history_text(history: History) -> str:
    """Readable summary: facts per version, then each amendment's changes by area."""
    out: list[str] = []
    citation = history.bill.citation or "Bill"
    title = f" — {history.bill.title}" if history.bill.title else ""
    acts = _measures(history)
    if len(acts) > 1:
        out.append(" → ".join(bill.citation for bill in acts))
        out.append(_several_note(history))
    else:
        out.append(f"{citation}{title}")
    out.append(f"{len(history.stages)} version(s)")
    out.append("")
    out.append("FACTS BY VERSION")
    for stage in history.stages:
        out.append("")
        out.append(f"{stage.name}")
        sections: list[tuple[str, list[str]]] = [
            ("Covered", _coverage_lines(stage)),
            ("Penalties", _penalty_lines(stage)),
            ("Institutions", _institution_lines(stage)),
        ]
        for heading, lines in sections:
            if not lines:
                out.append(f"  {heading}: none")
                continue
            out.append(f"  {heading}:")
            out.extend(f"    {line}" for line in lines)
        out.append(f"  Duties: {_duty_summary(stage)}")
        facts = stage.facts
        out.append(f"  Definitions: {len(facts.definitions)}; ambiguity findings: {len(facts.ambiguities)}")
    if not history.comparisons:
        return "\n".join(out).rstrip() + "\n"
    out.append("")
    if history.base:
        out.append(f"CHANGES AGAINST {history.stage(history.base).name}")
    else:
        out.append("CHANGES BY AMENDMENT" if len(history.stages) > 2 else "CHANGES")
    for old, new in history.comparisons:
        changes = history.changes_between(old, new)
        out.append("")
        out.append(f"{history.stage(old).name} → {history.stage(new).name}: {_count(changes)}")
        for area in AREAS:
            items = [c for c in changes if c.area == area]
            if not items:
                continue
            out.append(f"  {_AREA_TITLES[area]}")
            if area == "definitions":
                lines = _definition_lines(items)
            elif area == "ambiguity":
                lines = _ambiguity_lines(items)
            else:
                lines = _compact(items, area)
            out.extend(f"    {line}" for line in lines)
    return "\n".join(out).rstrip() + "\n"


def _count(changes: list[Change]) -> str:
    if not changes:
        return "no change in coverage, penalties, institutions, duties, definitions or ambiguity"
    counts = Counter(c.area for c in changes)
    return ", ".join(f"{counts[a]} {a}" for a in AREAS if counts[a])


# --------------------------------------------------------------------------
# Markdown
# --------------------------------------------------------------------------


def _cell(text: Any) -> str:
    value = "" if text is None else str(text)
    return value.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def _table(headers: list[str], rows: Iterable[list[Any]]) -> list[str]:
    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
    for row in rows:
        lines.append("| " + " | ".join(_cell(c) for c in row) + " |")
    return lines


def history_markdown(history: History) -> str:
    """Tables a journalist can paste: coverage and penalties by version, then changes by amendment."""
    acts = _measures(history)
    if len(acts) > 1:
        out: list[str] = [f"# {_cell(' → '.join(bill.citation for bill in acts))}: history", "", _several_note(history), ""]
    else:
        out = [f"# {_cell(history.bill.citation or 'Bill')}: history", ""]
        if history.bill.title:
            out += [f"*{_cell(history.bill.title)}*", ""]
    out += ["## Versions", ""]
    out += _table(
        ["#", "Bill", "Version", "Date", "Id"],
        (
            [f"{s.index:02d}", s.version.bill.citation, s.version.label, version_date(s.version) or "", s.version.id]
            for s in history.stages
        ),
    )
    out += ["", "## Who is covered", ""]
    out += _table(
        ["Version", "Subject", "Provision", "Test", "Exclusions"],
        (
            [f"{s.index:02d}", c.subject, short_path(c.provision), describe_test(c), "; ".join(c.exclusions)]
            for s in history.stages
            for c in s.facts.coverage
        ),
    )
    out += ["", "## Penalties", ""]
    out += _table(
        ["Version", "Provision", "Violator", "Kind", "Maximum", "Tier", "Enforcer"],
        (
            [
                f"{s.index:02d}",
                short_path(p.provision),
                p.violator or "any violator",
                p.kind,
                describe_amount(p),
                p.tier or "",
                p.enforcer or "",
            ]
            for s in history.stages
            for p in s.facts.penalties
        ),
    )
    out += ["", "## Institutions", ""]
    out += _table(
        ["Version", "Body", "Role", "Provision", "Duties/powers"],
        ([f"{s.index:02d}", i.name, i.role, short_path(i.provision), i.duties] for s in history.stages for i in s.facts.institutions),
    )
    title = "## Changes" + (f" against {history.stage(history.base).name}" if history.base else " by amendment")
    out += ["", title]
    for old, new in history.comparisons:
        changes = history.changes_between(old, new)
        out += ["", f"### {_cell(history.stage(old).name)} → {_cell(history.stage(new).name)}", ""]
        if not changes:
            out.append("No change in coverage, penalties, institutions, duties, definitions or ambiguity.")
            continue
        out += _table(
            ["Area", "Change", "Subject", "Provisions", "What changed"],
            (
                [c.area, c.change, c.subject, ", ".join(dict.fromkeys(short_path(p) for p in c.provisions)), c.summary]
                for c in changes
            ),
        )
    return "\n".join(out).rstrip() + "\n"


#: Renderer registry for ``lexdiff history --format``.
RENDERERS: dict[str, Callable[[History], str]] = {
    "text": history_text,
    "md": history_markdown,
    "json": history_json,
}


def render_semantic(old: Any, new: Any, fmt: str, *, pairs: Any = None) -> tuple[bool, str]:
    """``lexdiff diff OLD NEW --semantic``: (whether anything changed, the rendered facts delta).

    Tags both versions (imports spaCy), so only that option pays for it.

    Raises:
        UsageError: ``fmt`` is not text, md or json.
    """
    from lexdiff.delta.history import semantic_diff
    from lexdiff.errors import UsageError
    from lexdiff.nlp.pipeline import tag_version

    if fmt not in RENDERERS:
        raise UsageError(f"--semantic output is one of: {', '.join(RENDERERS)} (not {fmt!r})")
    history = semantic_diff(old, new, tag_version, pairs=pairs)
    return bool(history.changes), RENDERERS[fmt](history)
