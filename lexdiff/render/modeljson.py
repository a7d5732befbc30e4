"""JSON shapes for the document model, shared by every command's JSON output."""

from __future__ import annotations

from typing import Any

from lexdiff.model import Bill, Mark, Provision, Version

SCHEMA = 1


def bill_dict(bill: Bill) -> dict[str, Any]:
    return {
        "jurisdiction": bill.jurisdiction,
        "session": bill.session,
        "type": bill.type,
        "number": bill.number,
        "title": bill.title,
        "citation": bill.citation,
        "meta": dict(bill.meta),
    }


def version_meta(version: Version) -> dict[str, Any]:
    """The ``version`` object used in every JSON output (no text)."""
    return {
        "id": version.id,
        "label": version.label,
        "date": version.date,
        "state": version.state,
        "format": version.format,
        "source": version.source,
        "meta": dict(version.meta),
    }


def provision_dict(provision: Provision) -> dict[str, Any]:
    return {
        "id": provision.id,
        "path": provision.path,
        "kind": provision.kind,
        "label": provision.label,
        "heading": provision.heading,
        "start": provision.start,
        "end": provision.end,
        "attrs": dict(provision.attrs),
        "children": [provision_dict(child) for child in provision.children],
    }


def mark_dict(mark: Mark) -> dict[str, Any]:
    return {"op": mark.op, "start": mark.start, "end": mark.end, "text": mark.text}


def version_dict(version: Version) -> dict[str, Any]:
    """The full ``lexdiff parse --format json`` document."""
    return {
        "schema": SCHEMA,
        "bill": bill_dict(version.bill),
        "version": version_meta(version),
        "text": version.text,
        "provisions": [provision_dict(p) for p in version.provisions],
        "marks": [mark_dict(m) for m in version.marks],
    }
