"""GPO bill DTD XML: the House and Senate drafting format behind govinfo's BILLS collection.

Older than USLM and still what the House and Senate legislative counsels
produce: ``<bill bill-stage="Reported-in-House">``, ``<legis-body>`` with
``section``/``subsection``/``paragraph`` elements carrying an ``<enum>`` and
a ``<header>``, and ``appropriations-major`` / ``-intermediate`` / ``-small``
account headings in appropriations acts. The stylesheet adds the words the
printed bill shows around the bare numbers ("SEC. 101.", "TITLE I"); the
canonical text prints them the same way so a USLM and a bill-DTD version of a
bill read (and diff) alike.

Appropriations amounts are kept verbatim in the text ("$281,358,000 (reduced
by $20,000,000)"), under the account heading they fund
(``TITLE I > ... > Office of the secretary and executive management >
OPERATIONS AND SUPPORT``), so the quantity tagger can find and attribute them.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from lexdiff.errors import FormatError
from lexdiff.ingest.builder import normalize_space
from lexdiff.ingest.structured import (
    NestedXmlWalker,
    Structural,
    XmlVocabulary,
    element_text,
    first_descendant,
    iso_date,
    local_name,
    wrong_format_hint,
)
from lexdiff.ingest.uslm import CONGRESS_LEVELS, STAGE_NAMES
from lexdiff.ingest.xmlsafe import parse_xml
from lexdiff.model import Bill, Version

_VOCABULARY = XmlVocabulary(
    structural={
        **CONGRESS_LEVELS,
        "appropriations-major": "appropriation",
        "appropriations-intermediate": "appropriation",
        "appropriations-small": "appropriation",
    },
    num=frozenset({"enum"}),
    heading=frozenset({"header"}),
    block=frozenset(
        {"continuation-text", "quoted-block-continuation-text", "toc", "toc-entry", "row", "tr",
         "amendment-instruction",
         "multi-column-toc-entry", "graphic"}
    ),
    skip=frozenset({"pagebreak", "metadata", "form", "attestation", "endorsement", "footnote",
                    "linebreak"}),
    quoted=frozenset({"quoted-block"}),
    after_quote=frozenset({"after-quoted-block"}),
)

_APPROPRIATION_LEVELS = {"appropriations-major": 0, "appropriations-intermediate": 1, "appropriations-small": 2}

#: Words the stylesheet prints before a bare enum, by element.
_PRINTED_PREFIX = {
    "section": "SEC.",
    "title": "TITLE",
    "subtitle": "Subtitle",
    "division": "DIVISION",
    "part": "PART",
    "subpart": "Subpart",
    "chapter": "CHAPTER",
    "subchapter": "Subchapter",
}

_CITATION = re.compile(r"^\s*(\d{2,3})\s+([A-Z]+)\s+(\d+)\s+([A-Z]+)\s*:\s*(.*)$")
_MONTH_DATE = re.compile(
    r"\b(January|February|March|April|May|June|July|August|September|October|November|December)"
    r"\s+(\d{1,2}),\s*(\d{4})"
)


class _BillDtdWalker(NestedXmlWalker):
    def __init__(self) -> None:
        super().__init__(_VOCABULARY)

    def appropriation_level(self, element: Any) -> int:
        return _APPROPRIATION_LEVELS.get(local_name(element), 2)

    def describe(self, element: Any, kind: str) -> Structural:
        info = super().describe(element, kind)
        name = local_name(element)
        prefix = _PRINTED_PREFIX.get(name)
        if prefix and info.label and not info.label.upper().startswith(prefix.upper()):
            info.printed_num = f"{prefix} {info.printed_num.strip()}"
            info.label = f"{prefix} {info.label}"
        if kind == "subsection" and info.label.startswith("("):
            # Same level as California's subdivision (a); the shared kind
            # makes "(a)(1)(A)" chain in paths as lawyers cite it.
            info.kind = "subdivision"
        if kind == "appropriation":
            info.label = info.heading or ""
        if element.get("section-type"):
            info.attrs["section_type"] = element.get("section-type")
        return info


def _month_date(text: str) -> str | None:
    match = _MONTH_DATE.search(text)
    if not match:
        return None
    try:
        return datetime.strptime(" ".join(match.groups()), "%B %d %Y").date().isoformat()
    except ValueError:
        return None


def _first(root: Any, name: str) -> Any:
    return first_descendant(root, name)


def read_billdtd(data: bytes, path: str) -> Version:
    """Read a GPO bill DTD XML bill or resolution (``PARSERS["billdtd"]``).

    Raises:
        ParseError: malformed XML.
        FormatError: XML that is not a GPO bill/resolution.
    """
    root = parse_xml(data, path).getroot()
    if local_name(root) not in ("bill", "resolution", "amendment-doc") or root.tag.startswith("{"):
        raise FormatError(
            f"not GPO bill XML: root element is <{local_name(root)}>" + wrong_format_hint(data, path),
            path,
        )
    body = next((c for c in root if local_name(c) in ("legis-body", "resolution-body", "engrossed-amendment-body")),
                None)
    if body is None:
        raise FormatError("GPO bill XML without a <legis-body> holding the bill text", path)

    walker = _BillDtdWalker()
    form = next((c for c in root if local_name(c) == "form"), None)
    if form is not None:
        # The long title ("A BILL / Making appropriations for ...") is part of
        # the printed bill, like USLM's longTitle.
        walker.out.open("digest", "", segment="Title", attrs={"element": "form"})
        for name in ("legis-type", "official-title"):
            element = _first(form, name)
            if element is not None:
                walker.out.inline(element_text(element, ("pagebreak",)))
                walker.out.flush()
        walker.out.close()
    walker.walk_children(body)
    text, provisions = walker.finish()

    dc_title = element_text(_first(root, "title")) if _first(root, "title") is not None else ""
    match = _CITATION.match(dc_title)
    stage_attr = root.get("bill-stage") or ""
    stage = match.group(4).lower() if match else ""
    label = stage_attr.replace("-", " ") if stage_attr else STAGE_NAMES.get(stage, stage.upper())

    dates: list[dict[str, str]] = []
    dc_date = _first(root, "date")
    if dc_date is not None and iso_date(element_text(dc_date)):
        dates.append({"date": iso_date(element_text(dc_date)) or "", "action": "dc:date"})
    for element in root.iter():
        name = local_name(element)
        if name == "action-date":
            when = iso_date(element.get("date")) or _month_date(element_text(element))
            if when:
                action = element.getparent()
                desc = _first(action, "action-desc")
                dates.append({"date": when, "action": element_text(desc) if desc is not None else ""})
        elif name == "attestation-date":
            when = iso_date(element.get("date")) or _month_date(element_text(element))
            if when:
                dates.append({"date": when, "action": element_text(element)})

    legis_num = element_text(_first(root, "legis-num")) if _first(root, "legis-num") is not None else ""
    congress_text = element_text(_first(root, "congress")) if _first(root, "congress") is not None else ""
    congress = match.group(1) if match else (re.match(r"\d+", congress_text).group(0)
                                              if re.match(r"\d+", congress_text) else "")
    number = match.group(3) if match else "".join(re.findall(r"\d+", legis_num))
    bill_type = match.group(2) if match else re.sub(r"[^A-Z]", "", legis_num.upper())
    short_title = _first(body, "short-title")
    official = _first(root, "official-title")
    bill = Bill(
        jurisdiction="US",
        session=congress,
        type=bill_type,
        number=number,
        title=(element_text(short_title) if short_title is not None else "")
        or (match.group(5) if match else "")
        or (element_text(official, ("pagebreak",)) if official is not None else ""),
        meta={
            "official_title": element_text(official, ("pagebreak",)) if official is not None else "",
            "bill_type_attribute": root.get("bill-type", ""),
        },
    )
    all_dates = sorted(d["date"] for d in dates)
    return Version(
        bill=bill,
        id=f"{congress}{bill_type.lower()}{number}{stage}" if match else (root.get("dms-id") or path),
        label=normalize_space(label),
        text=text,
        provisions=provisions,
        date=all_dates[-1] if all_dates else None,
        state=stage or None,
        format="billdtd",
        source=path,
        meta={
            "citation": dc_title.split(":")[0] if match else legis_num,
            "stage_code": stage,
            "bill_stage": stage_attr,
            "actions": dates,
            "legis_num": legis_num,
            "quoted_blocks": walker.quoted_blocks,
        },
    )
