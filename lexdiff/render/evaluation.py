"""``lexdiff eval`` reports: per-document and total precision / recall / F1."""

from __future__ import annotations

from typing import Any

from lexdiff.nlp.evaluate import Counts, Report
from lexdiff.render import dumps_json


def _fields(counts: Counts) -> str:
    parts = []
    for name, (right, total) in sorted(counts.fields.items()):
        if total:
            parts.append(f"{name} {right}/{total} ({right / total:.0%})")
    return ", ".join(parts)


def _row(label: str, c: Counts) -> str:
    if not (c.tp or c.fp or c.fn):
        return f"  {label:<22} no items in gold or output"
    line = f"  {label:<22} P {c.precision:6.3f}  R {c.recall:6.3f}  F1 {c.f1:6.3f}  (tp {c.tp}, fp {c.fp}, fn {c.fn})"
    extra = _fields(c)
    return line + (f"  fields: {extra}" if extra else "")


def report_text(report: Report, details: bool = False) -> str:
    lines = []
    for doc in report.documents:
        lines.append(f"{doc.name}  [{doc.source}]")
        if doc.skipped:
            lines.append(f"  skipped: {doc.skipped}")
            continue
        for label, counts in doc.rows.items():
            lines.append(_row(label, counts))
        for error in doc.errors:
            lines.append(f"  gold anchor not found: {error}")
        if details:
            for miss in doc.misses:
                extra = ""
                if miss["kind"].startswith("wrong"):
                    extra = f" gold={miss['gold']!r} predicted={miss['predicted']!r}"
                lines.append(f"    {miss['kind']:<14} {miss['label']:<12} {miss['where']}: {miss['quote']!r}{extra}")
    totals = report.totals()
    if totals:
        lines.append("TOTAL")
        for label, counts in totals.items():
            lines.append(_row(label, counts))
    return "\n".join(lines) + "\n"


def report_markdown(report: Report) -> str:
    out = ["# Tagger evaluation", "", "| document | label | P | R | F1 | tp | fp | fn | fields |", "|---|---|---|---|---|---|---|---|---|"]
    for doc in report.documents:
        if doc.skipped:
            out.append(f"| {doc.name} | skipped: {doc.skipped.replace('|', '/')} | | | | | | | |")
            continue
        for label, c in doc.rows.items():
            out.append(f"| {doc.name} | {label} | {c.precision:.3f} | {c.recall:.3f} | {c.f1:.3f} | {c.tp} | {c.fp} | {c.fn} | {_fields(c)} |")
    for label, c in report.totals().items():
        out.append(f"| **total** | {label} | {c.precision:.3f} | {c.recall:.3f} | {c.f1:.3f} | {c.tp} | {c.fp} | {c.fn} | {_fields(c)} |")
    return "\n".join(out) + "\n"


def report_json(report: Report) -> str:
    payload: dict[str, Any] = {
        "schema": 1,
        "documents": [
            {
                "name": d.name,
                "source": d.source,
                "skipped": d.skipped,
                "labels": {k: c.as_dict() for k, c in d.rows.items()},
                "anchor_errors": d.errors,
                "misses": d.misses,
            }
            for d in report.documents
        ],
        "total": {k: c.as_dict() for k, c in report.totals().items()},
    }
    return dumps_json(payload)
