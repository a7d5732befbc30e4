"""Tags and ambiguity worklists as JSON, text, Markdown and CSV.

Shapes are documented in ``docs/json.md`` (``## tag``). Output is
deterministic: tags in document order, label-specific fields sorted by name.
"""

from __future__ import annotations

import csv
import io
from typing import Any, Iterable, Sequence

from lexdiff.model import Version
from lexdiff.nlp.tags import Tag
from lexdiff.render import dumps_json
from lexdiff.render.modeljson import version_meta

SCHEMA = 1

#: Worklist columns, in order (CSV header and Markdown table).
WORKLIST_COLUMNS: tuple[str, ...] = (
    "file", "provision", "severity", "rule", "term", "context", "reason", "start", "end",
)

_SEVERITY_ORDER = {"high": 0, "medium": 1, "low": 2}


def tag_dict(tag: Tag, text: str) -> dict[str, Any]:
    """One tag: common fields, then its label-specific fields (sorted)."""
    out: dict[str, Any] = {
        "label": tag.label,
        "start": tag.start,
        "end": tag.end,
        "text": text[tag.start : tag.end],
        "provision": tag.provision,
    }
    for key in sorted(tag.attrs):
        if key not in out:
            out[key] = _plain(tag.attrs[key])
    return out


def _plain(value: Any) -> Any:
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in sorted(value.items())}
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


def tags_json(version: Version, tags: Sequence[Tag]) -> str:
    """``{"schema": 1, "version": {...}, "tags": [...]}``."""
    return dumps_json(
        {
            "schema": SCHEMA,
            "version": version_meta(version),
            "tags": [tag_dict(t, version.text) for t in tags],
        }
    )


def _short(text: str, limit: int = 100) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


#: Label-specific fields shown in text/Markdown, per label, in this order.
_SHOWN: dict[str, tuple[str, ...]] = {
    "definition": ("term", "form", "scope", "scope_path", "ref"),
    "term_use": ("term",),
    "obligation": ("actor", "modality", "action"),
    "prohibition": ("actor", "modality", "action"),
    "permission": ("actor", "modality", "action"),
    "quantity": ("kind", "value", "unit", "comparator"),
    "penalty": ("kind", "amount", "unit", "share_of", "tier", "violator", "enforcer"),
    "ambiguity": ("rule", "severity", "term", "reason"),
}


def _fields(tag: Tag) -> list[tuple[str, str]]:
    out = []
    for key in _SHOWN.get(tag.label, ()):
        value = tag.attrs.get(key)
        if value in (None, "", [], ()):
            continue
        # Reasons are the point of a finding: never cut them.
        out.append((key, " ".join(str(value).split()) if key == "reason" else _short(str(value), 160)))
    return out


def tags_text(version: Version, tags: Sequence[Tag]) -> str:
    """One block per tag: ``provision  label  "text"`` then its fields."""
    lines = [f"{version.bill.citation} — {version.label or version.id} ({len(tags)} tags)"]
    for tag in tags:
        lines.append(f"{tag.provision or '-'}  {tag.label}  \"{_short(version.text[tag.start:tag.end])}\"")
        for key, value in _fields(tag):
            lines.append(f"    {key}: {value}")
    return "\n".join(lines) + "\n"


def _md_cell(value: str) -> str:
    return value.replace("|", "\\|").replace("\n", " ")


def tags_markdown(version: Version, tags: Sequence[Tag]) -> str:
    """A Markdown table per label."""
    out = [f"# Tags: {version.bill.citation} — {version.label or version.id}", ""]
    labels: list[str] = []
    for tag in tags:
        if tag.label not in labels:
            labels.append(tag.label)
    if not tags:
        out.append("No tags.")
    for label in labels:
        group = [t for t in tags if t.label == label]
        out += [f"## {label} ({len(group)})", "", "| provision | text | details |", "|---|---|---|"]
        for tag in group:
            details = "; ".join(f"{k}: {v}" for k, v in _fields(tag))
            out.append(
                f"| {_md_cell(tag.provision or '-')} | {_md_cell(_short(version.text[tag.start:tag.end]))} | {_md_cell(details)} |"
            )
        out.append("")
    return "\n".join(out).rstrip("\n") + "\n"


def worklist_rows(items: Iterable[tuple[Version, Sequence[Tag]]]) -> list[dict[str, Any]]:
    """One row per ambiguity finding, files in the order given, findings in document order."""
    rows = []
    for version, tags in items:
        for tag in tags:
            if tag.label != "ambiguity":
                continue
            rows.append(
                {
                    "file": version.source,
                    "provision": tag.provision or "",
                    "severity": tag.attrs.get("severity", ""),
                    "rule": tag.attrs.get("rule", ""),
                    "term": tag.attrs.get("term", ""),
                    "context": tag.attrs.get("evidence", "") or _short(version.text[tag.start : tag.end], 240),
                    "reason": tag.attrs.get("reason", ""),
                    "start": tag.start,
                    "end": tag.end,
                }
            )
    return rows


def worklist_csv(rows: Sequence[dict[str, Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(WORKLIST_COLUMNS), lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow(row)
    return buffer.getvalue()


def worklist_markdown(rows: Sequence[dict[str, Any]]) -> str:
    out = ["# Ambiguity worklist", ""]
    if not rows:
        return "\n".join(out + ["No findings."]) + "\n"
    counts = {s: sum(1 for r in rows if r["severity"] == s) for s in ("high", "medium", "low")}
    out.append(f"{len(rows)} findings: {counts['high']} high, {counts['medium']} medium, {counts['low']} low.")
    out.append("")
    files = []
    for row in rows:
        if row["file"] not in files:
            files.append(row["file"])
    for name in files:
        if len(files) > 1:
            out += [f"## {name}", ""]
        out += ["| provision | severity | rule | context | reason |", "|---|---|---|---|---|"]
        for row in rows:
            if row["file"] != name:
                continue
            out.append(
                "| " + " | ".join(
                    _md_cell(str(row[k])) for k in ("provision", "severity", "rule")
                ) + f" | {_md_cell('“' + row['context'] + '”')} | {_md_cell(row['reason'])} |"
            )
        out.append("")
    return "\n".join(out).rstrip("\n") + "\n"


def worklist_json(versions: Sequence[Version], rows: Sequence[dict[str, Any]]) -> str:
    return dumps_json(
        {
            "schema": SCHEMA,
            "versions": [version_meta(v) for v in versions],
            "findings": list(rows),
        }
    )


def filter_severity(rows: Sequence[dict[str, Any]], minimum: str) -> list[dict[str, Any]]:
    """Rows at or above ``minimum`` severity."""
    limit = _SEVERITY_ORDER[minimum]
    return [r for r in rows if _SEVERITY_ORDER.get(r["severity"], 2) <= limit]
