"""USLM 2.x bills and resolutions (the U.S. Government Publishing Office's XML).

A USLM bill nests its structure (``division`` > ``title`` > ``section`` >
``subsection`` > ``paragraph`` ...), each with a ``num`` and often a
``heading``; :mod:`lexdiff.ingest.structured` turns that into the canonical
text and provisions. What this module adds:

* metadata: congress, bill type and number, the stage code printed on the bill
  (``ih``, ``rh``, ``rds``, ``rfs``, ``eh``, ``es``, ``ats``, ``rfh``,
  ``enr``...) as ``Version.state``, the stage name ("Engrossed in House") as
  the label, and the dated actions (introduction, "Passed the House of
  Representatives December 18, 2020") with the latest as the version date;
* paths: ``SEC. 2 > (a)(2)(B)`` like the CAML reader (``SECTION 1.`` is
  written ``SEC. 1`` so the first section aligns with bills that print it
  either way); subsection ``(a)`` gets the kind ``subdivision`` so its label
  chains with the paragraphs under it, as lawyers cite "section 2(a)(2)(B)";
* appropriations acts: GPO marks the account headings ("Economic Development
  Administration", "economic development assistance programs") as *sibling*
  ``appropriations`` elements with a ``level``; they are nested here by level
  (major > intermediate > small) so each amount sits under its account;
* ``quotedContent`` (text of a law being inserted: "adding at the end the
  following: “(D) ...”") is one ``quoted_block``, never the bill's own
  structure.

Persistent ids: the ``id`` attribute GPO gives each element survives from one
stage to the next when the text is carried over (H.R. 1037 eh -> rfs keeps all
22), so it becomes ``Provision.id``; ``identifier`` (``/us/bill/116/hr/1037/s2/a``)
goes into ``attrs``.
"""

from __future__ import annotations

import re
from typing import Any

from lexdiff.errors import FormatError
from lexdiff.ingest.builder import normalize_space
from lexdiff.ingest.structured import (
    NestedXmlWalker,
    Structural,
    XmlVocabulary,
    element_text,
    iso_date,
    local_name,
    wrong_format_hint,
)
from lexdiff.ingest.xmlsafe import parse_xml
from lexdiff.model import Bill, Version

USLM_NS = "http://schemas.gpo.gov/xml/uslm"

#: Stage codes GPO prints on a bill version -> the stage's name, for files
#: whose ``docStage`` is missing. https://www.govinfo.gov/help/bills
STAGE_NAMES: dict[str, str] = {
    "ih": "Introduced in House",
    "is": "Introduced in Senate",
    "rh": "Reported in House",
    "rs": "Reported in Senate",
    "rfh": "Referred in House",
    "rfs": "Referred in Senate",
    "rds": "Received in Senate",
    "rhs": "Received in House",
    "rch": "Reference Change House",
    "rcs": "Reference Change Senate",
    "pch": "Placed on Calendar House",
    "pcs": "Placed on Calendar Senate",
    "cph": "Considered and Passed House",
    "cps": "Considered and Passed Senate",
    "eh": "Engrossed in House",
    "es": "Engrossed in Senate",
    "eah": "Engrossed Amendment House",
    "eas": "Engrossed Amendment Senate",
    "ath": "Agreed to House",
    "ats": "Agreed to Senate",
    "enr": "Enrolled Bill",
    "pp": "Public Print",
    "rth": "Referred to Committee House",
    "rts": "Referred to Committee Senate",
    "sc": "Sponsor Change",
}

#: Names used in the citation ("116 HR 1037 EH") for each measure type.
_TYPES = ("HCONRES", "HJRES", "HRES", "HR", "SCONRES", "SJRES", "SRES", "S")

_CITATION = re.compile(r"^\s*(\d{2,3})\s+([A-Z]+)\s+(\d+)\s+([A-Z]+)\b")

#: The hierarchy of Congressional drafting, shared by USLM and the older GPO
#: bill DTD (both name their levels the same way).
CONGRESS_LEVELS: dict[str, str] = {
    "division": "division",
    "subdivision": "division",
    "title": "title",
    "subtitle": "title",
    "part": "part",
    "subpart": "part",
    "chapter": "chapter",
    "subchapter": "subchapter",
    "article": "article",
    "section": "section",
    "subsection": "subsection",
    "paragraph": "paragraph",
    "subparagraph": "subparagraph",
    "clause": "clause",
    "subclause": "subclause",
    "item": "item",
    "subitem": "item",
    "subsubitem": "item",
}

_VOCABULARY = XmlVocabulary(
    structural={
        **CONGRESS_LEVELS,
        "appropriations": "appropriation",
        "longTitle": "digest",
        "enactingFormula": "preamble",
        "resolvingClause": "preamble",
        "preamble": "preamble",
    },
    num=frozenset({"num"}),
    heading=frozenset({"heading"}),
    block=frozenset(
        {"p", "continuation", "docTitle", "officialTitle", "toc", "referenceItem", "tr", "row",
         "def", "figure", "layout"}
    ),
    skip=frozenset({"meta", "preface", "attestation", "endorsement", "endMarker", "signatures", "sidenote"}),
    quoted=frozenset({"quotedContent"}),
    after_quote=frozenset({"after-quoted-block"}),
)

_APPROPRIATION_LEVELS = {"major": 0, "intermediate": 1, "small": 2}
_SECTION_WORD = re.compile(r"^(?:SECTION|SEC\.?|Sec\.?|Section)\s*(\S+?)\.?$")
_WRAPPER_SEGMENTS = {"longTitle": "Title", "enactingFormula": "Preamble", "resolvingClause": "Preamble",
                     "preamble": "Recitals"}


class _UslmWalker(NestedXmlWalker):
    def __init__(self) -> None:
        super().__init__(_VOCABULARY)
        self._recitals = 0

    def kind_of(self, element: Any, name: str) -> str | None:
        if name == "recital":
            # "Whereas ..." clauses are unnumbered but some hold numbered
            # paragraphs; numbering them by position ("recital 5(1)") keeps
            # those paragraphs apart.
            return "point"
        return super().kind_of(element, name)

    def describe(self, element: Any, kind: str) -> Structural:
        info = super().describe(element, kind)
        name = local_name(element)
        if name in _WRAPPER_SEGMENTS:
            info.segment = _WRAPPER_SEGMENTS[name]
            info.label = ""
        if name == "recital":
            self._recitals += 1
            info.segment = f"recital {self._recitals}"
        if kind == "section" and info.label:
            match = _SECTION_WORD.match(info.label)
            if match:
                info.label = f"SEC. {match.group(1)}"
        if kind == "subsection" and info.label.startswith("("):
            # Federal subsection (a) is the level California calls a
            # subdivision; the shared kind makes "(a)(1)(A)" chain in paths.
            info.kind = "subdivision"
        if kind == "appropriation":
            info.label = info.heading or ""
            info.attrs["level"] = element.get("level", "")
        identifier = element.get("identifier")
        if identifier:
            info.attrs["identifier"] = identifier
        return info

    def appropriation_level(self, element: Any) -> int:
        return _APPROPRIATION_LEVELS.get(element.get("level", ""), 2)


def _meta_text(root: Any, *names: str) -> str:
    for element in root.iter():
        if local_name(element) in names:
            text = element_text(element)
            if text:
                return text
    return ""


def _dated_actions(root: Any) -> list[dict[str, str]]:
    """Dated actions in the preface and attestation ("Passed the House ... December 18, 2020")."""
    actions: list[dict[str, str]] = []
    for container in root:
        if local_name(container) not in ("preface", "attestation"):
            continue
        for element in container.iter():
            if local_name(element) != "date":
                continue
            when = iso_date(element.get("date"))
            if not when:
                continue
            action = element.getparent()
            description = ""
            for sibling in action:
                if local_name(sibling) == "actionDescription":
                    description = element_text(sibling)
            actions.append({"date": when, "action": description, "part": local_name(container)})
    return actions


def read_uslm(data: bytes, path: str) -> Version:
    """Read a USLM 2.x bill or resolution (``PARSERS["uslm"]``).

    Raises:
        ParseError: malformed XML.
        FormatError: XML that is not USLM.
    """
    root = parse_xml(data, path).getroot()
    namespace = root.tag[1:].split("}")[0] if root.tag.startswith("{") else ""
    if namespace != USLM_NS:
        raise FormatError(
            f"not USLM: root element is <{local_name(root)}> in namespace {namespace or 'none'!r}"
            + wrong_format_hint(data, path),
            path,
        )
    main = next((child for child in root if local_name(child) == "main"), None)
    if main is None:
        raise FormatError("USLM document has no <main> element holding the bill text", path)

    walker = _UslmWalker()
    walker.walk_children(main)
    text, provisions = walker.finish()

    citation = _meta_text(root, "citableAs")
    match = _CITATION.match(citation) or _CITATION.match(_meta_text(root, "title"))
    congress = _meta_text(root, "congress") or (match.group(1) if match else "")
    bill_type = match.group(2) if match else ""
    number = _meta_text(root, "docNumber") or (match.group(3) if match else "")
    stage = match.group(4).lower() if match else ""
    stage_name = _meta_text(root, "docStage") or STAGE_NAMES.get(stage, stage.upper())
    actions = _dated_actions(root)
    dates = sorted(a["date"] for a in actions)
    short_title = _meta_text(main, "shortTitle")
    official_title = _meta_text(main, "officialTitle")
    dc_title = re.sub(r"^[^:]*\d[^:]*:\s*", "", _meta_text(root, "title"))

    bill = Bill(
        jurisdiction="US",
        session=congress,
        type=bill_type,
        number=number,
        title=short_title or official_title or dc_title,
        meta={"official_title": official_title, "document_type": root.get("type") or local_name(root)},
    )
    meta: dict[str, Any] = {
        "citation": citation,
        "stage_code": stage,
        "actions": actions,
        "chamber": _meta_text(root, "currentChamber"),
        "session_of_congress": _meta_text(root, "session"),
        "processed_date": iso_date(_meta_text(root, "processedDate")),
        "quoted_blocks": walker.quoted_blocks,
    }
    version_id = f"{congress}{bill_type.lower()}{number}{stage}" if match else (root.get("id") or path)
    return Version(
        bill=bill,
        id=version_id,
        label=normalize_space(stage_name),
        text=text,
        provisions=provisions,
        date=dates[-1] if dates else None,
        state=stage or None,
        format="uslm",
        source=path,
        meta=meta,
    )
