"""California leginfo web pages, as saved from the browser.

Journalists and clinics often have the bill page from leginfo.legislature.ca.gov
rather than the CAML file. Two kinds of page are read:

* the **bill text** page (``billTextClient``): the text sits in
  ``div#bill_all`` among the site's banner, tabs, search box and version
  selector, none of which may leak into the bill text. The page's paragraphs
  (the front matter with the version history, the title, the Legislative
  Counsel's Digest, the bill body) are handed to the plain-text reader's
  structure detection (:func:`lexdiff.ingest.plaintext.structure_from_text`),
  so the provisions are the same as the CAML reader's for the same bill:
  ``SEC. 3 > BPC 22603 > (a)(1)``, with the code abbreviation taken from the
  action line ("... added to Division 8 of the Business and Professions
  Code") through the plain-text reader's code table, the same one CAML paths
  follow. Where the page shows amendments (italic insertions, struck-out
  deletions: the Legislature's redline for an amended version), they become
  the version's official :class:`~lexdiff.model.Mark` s.
* the **status** page (``billStatusClient``): no bill text, but the measure's
  status, its last history actions and the Governor's veto message. It is
  read as a version labelled "Status" whose provisions are those parts, with
  the history in ``Version.meta["history"]``; diffing it against a bill text
  is meaningless, but tagging the veto message is not.

The HTML is parsed with :mod:`lxml.html` with network access off; HTML has
no external entities, and scripts, styles and form controls are dropped
before any text is read.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import datetime
from typing import Any

import lxml.html
from lxml import etree

from lexdiff.errors import FormatError
from lexdiff.ingest.builder import TextBuilder, TreeBuilder, normalize_space
from lexdiff.ingest.plaintext import structure_from_text
from lexdiff.ingest.structured import wrong_format_hint
from lexdiff.model import Bill, Mark, Version

_SPACE = re.compile(r"\s+")
_DROP_TAGS = ("script", "style", "noscript", "select", "option", "input", "button", "textarea", "form-control",
              "img", "svg", "iframe", "object", "embed", "head")
_BLOCK_TAGS = frozenset({"div", "p", "h1", "h2", "h4", "h5", "table", "tbody", "tr", "li", "ul", "ol", "dl", "dt",
                         "dd", "blockquote", "center", "section", "article", "hr", "pre", "h3", "h6", "td"})
_INSERT_TAGS = frozenset({"i", "em", "ins"})
_DELETE_TAGS = frozenset({"strike", "s", "del"})
_VERSION_CODE = re.compile(r"\b(\d{4})(\d)([A-Z]{2,4})_*(\d+)(\d{2})([A-Z]{3})\b")
_BILL_ID = re.compile(r"'bill_id'\s*:\s*'(\d{4})(\d{4})(\d)([A-Z]+)(\d+)'")
_SESSION = re.compile(r"\((\d{4})\s*[-\u2013]\s*(\d{4})\)")
_US_DATE = re.compile(r"^(\d{2})/(\d{2})/(\d{2})$")


def _parse_html(data: bytes, path: str) -> tuple[Any, str]:
    """The page with scripts, styles and form controls removed, and the version code it shows."""
    parser = lxml.html.HTMLParser(
        no_network=True,
        remove_comments=True,
        remove_pis=True,
        remove_blank_text=False,
        default_doctype=False,
        collect_ids=True,
        huge_tree=False,
    )
    try:
        root = lxml.html.document_fromstring(data, parser=parser)
    except (etree.ParserError, ValueError) as err:
        raise FormatError(f"cannot read this HTML page ({err})", path) from err
    # The version selector is dropped with the other controls, but its
    # selected option names the version shown ("20230SB104788ENR").
    version_code = _page_version_code(root)
    for element in list(root.iter(*_DROP_TAGS)):
        parent = element.getparent()
        if parent is not None:
            element.drop_tree()
    return root, version_code


def _by_id(root: Any, ident: str) -> Any:
    found = root.xpath("//*[@id=$ident]", ident=ident)
    return found[0] if found else None


def _is_inline(element: Any) -> bool:
    style = (element.get("style") or "").replace(" ", "").lower()
    return "display:inline" in style and "display:inline-block" not in style


def _mark_kind(element: Any) -> str | None:
    tag = element.tag if isinstance(element.tag, str) else ""
    style = (element.get("style") or "").replace(" ", "").lower()
    classes = (element.get("class") or "").lower()
    if tag in _DELETE_TAGS or "line-through" in style or "strike" in classes:
        return "delete"
    if tag in _INSERT_TAGS or "blue_text" in classes:
        return "insert"
    return None


class _Paragraphs:
    """Collects the page's printed paragraphs and the redline inside them."""

    def __init__(self) -> None:
        self.paras: list[str] = []
        self.marks: list[list[tuple[str, int, int, str]]] = []
        self._buf = ""
        self._marks: list[tuple[str, int, int, str]] = []
        self._pending_delete: list[str] = []

    def text(self, raw: str | None, mark: str | None = None) -> None:
        if not raw:
            return
        piece = _SPACE.sub(" ", raw)
        if mark == "delete":
            struck = piece.strip()
            if struck:
                self._marks.append(("delete", len(self._buf), len(self._buf), struck))
            return
        if self._buf.endswith(" ") and piece.startswith(" ") or not self._buf and piece.startswith(" "):
            piece = piece[1:]
        start = len(self._buf)
        self._buf += piece
        if mark == "insert" and piece.strip():
            self._marks.append(("insert", start, len(self._buf), ""))

    def flush(self) -> None:
        raw = self._buf
        text = raw.strip()
        lead = len(raw) - len(raw.lstrip())
        marks = []
        for op, start, end, struck in self._marks:
            start = min(max(start - lead, 0), len(text))
            end = min(max(end - lead, 0), len(text))
            marks.append((op, start, end if op == "insert" else start, struck))
        self._buf = ""
        self._marks = []
        if not text:
            # A wholly struck paragraph: it stood before the next one.
            self._pending_delete.extend(s for op, _, _, s in marks if op == "delete")
            return
        if self._pending_delete:
            marks.insert(0, ("delete", 0, 0, "\n".join(self._pending_delete) + "\n"))
            self._pending_delete = []
        self.paras.append(text)
        self.marks.append(marks)

    def walk(self, element: Any, mark: str | None = None) -> None:
        tag = element.tag if isinstance(element.tag, str) else ""
        own = _mark_kind(element) or mark
        block = tag in _BLOCK_TAGS and not _is_inline(element)
        if tag == "br":
            self.flush()
        elif block:
            self.flush()
        self.text(element.text, own)
        for child in element:
            if isinstance(child.tag, str):
                self.walk(child, own)
            self.text(child.tail, own)
        if block:
            self.flush()


def _session(root: Any) -> str:
    year = root.xpath("string(//*[contains(@class,'bill_title_yr')])")
    match = _SESSION.search(year or "")
    return f"{match.group(1)}-{match.group(2)}" if match else ""


def _page_version_code(root: Any) -> str:
    selected = root.xpath("//select[@id='version']/option[@selected]/@value")
    if selected:
        return selected[0]
    for onclick in root.xpath("//@onclick"):
        match = re.search(r"'version'\s*:\s*'([0-9A-Z_]+)'", onclick)
        if match:
            return match.group(1)
    return ""


def read_leginfo(data: bytes, path: str) -> Version:
    """Read a saved leginfo bill text or bill status page (``PARSERS["leginfo"]``).

    Raises:
        FormatError: an HTML page that holds neither bill text nor a bill status.
    """
    root, version_code = _parse_html(data, path)
    container = _by_id(root, "bill_all")
    if container is None:
        container = _by_id(root, "bill")
    if container is None:
        if _by_id(root, "billhistory") is not None or _by_id(root, "bill_status") is not None:
            return _read_status(root, path)
        raise FormatError(
            "HTML page without California bill text (no leginfo 'bill_all' block); save the bill's "
            "Text tab from leginfo.legislature.ca.gov" + wrong_format_hint(data, path),
            path,
        )
    collector = _Paragraphs()
    collector.walk(container)
    collector.flush()
    if not collector.paras:
        raise FormatError("the leginfo page's bill text block is empty", path)

    meta: dict[str, Any] = {"leginfo_version": version_code} if version_code else {}
    version = structure_from_text("\n\n".join(collector.paras), path=path, label_style="ca", fmt="leginfo",
                                  meta=meta)
    marks, unmapped = _place_marks(version.text, collector.paras, collector.marks)
    session = _session(root) or version.bill.session
    bill = replace(version.bill, session=session, jurisdiction=version.bill.jurisdiction or "CA")
    info = dict(version.meta)
    if unmapped:
        info["unplaced_marks"] = unmapped
    return replace(
        version,
        bill=bill,
        id=version_code or version.id,
        marks=tuple(marks),
        format="leginfo",
        source=path,
        meta=info,
    )


def _dense(text: str) -> tuple[str, list[int]]:
    """``text`` without whitespace, and the offset in ``text`` of each kept character."""
    kept = [(i, ch) for i, ch in enumerate(text) if not ch.isspace()]
    return "".join(ch for _, ch in kept), [i for i, _ in kept]


def _place_marks(
    text: str, paras: list[str], para_marks: list[list[tuple[str, int, int, str]]]
) -> tuple[list[Mark], int]:
    """Move marks from page paragraphs onto the version text.

    The plain-text structure pass keeps the page's words in order but may
    split a paragraph ("100. (a) A business ..." becomes the section number
    and its subdivision) and drops the front matter, so paragraphs are found
    by their characters without whitespace, in order.
    """
    dense_text, positions = _dense(text)
    marks: list[Mark] = []
    unmapped = 0
    cursor = 0
    for para, found in zip(paras, para_marks):
        dense_para, para_positions = _dense(para)
        if not dense_para:
            continue
        at = dense_text.find(dense_para, cursor)
        if at < 0:
            unmapped += len(found)
            continue
        cursor = at + len(dense_para)

        def to_text(offset: int, *, end: bool = False) -> int:
            # Offset in the paragraph -> offset in the version text.
            index = sum(1 for p in para_positions if p < offset)
            if end:
                return positions[at + index - 1] + 1 if index else positions[at]
            return positions[at + index] if at + index < len(positions) else len(text)

        for op, start, end, struck in found:
            if op == "insert":
                marks.append(Mark("insert", to_text(start), to_text(end, end=True)))
            else:
                where = to_text(start)
                marks.append(Mark("delete", where, where, struck if struck.endswith("\n") else normalize_space(struck)))
    return marks, unmapped


def _us_date(text: str) -> str | None:
    match = _US_DATE.match(text.strip())
    if not match:
        return None
    try:
        return datetime.strptime(text.strip(), "%m/%d/%y").date().isoformat()
    except ValueError:
        return None


def _read_status(root: Any, path: str) -> Version:
    """The bill status page: status fields, last history actions, veto message."""
    builder = TextBuilder()
    tree = TreeBuilder()
    meta: dict[str, Any] = {"page": "status"}
    status_block = _by_id(root, "billdiv") if _by_id(root, "billdiv") is not None else root
    fields: dict[str, str] = {}
    for label in status_block.xpath(".//*[contains(@class,'statusLabel')]"):
        key = label.get("id") or ""
        value = normalize_space(label.text_content())
        if key and value:
            fields[key] = value
    lines: list[tuple[int, int]] = []
    rows: list[Any] = []
    for label in status_block.xpath(".//span[contains(@class,'statusLabel')]/.. | .//*[contains(@class,'statusRow')]"):
        # A label span and its value sit in one row; print each row once.
        if not any(row in label.iterancestors() or row is label for row in rows):
            rows = [row for row in rows if label not in row.iterancestors()]
            rows.append(label)
    for row in rows:
        line = normalize_space(row.text_content())
        if line:
            lines.append(builder.add(line))
    if lines:
        tree.open("preamble", "", lines[0][0], segment="Status")
        tree.close(builder.length)
    history: list[dict[str, str]] = []
    table = _by_id(root, "billhistory")
    if table is not None:
        first = None
        for row in table.xpath(".//tr"):
            cells = [normalize_space(c.text_content()) for c in row.xpath("./td")]
            if len(cells) >= 2 and _us_date(cells[0]):
                span = builder.add(f"{cells[0]} {cells[1]}")
                first = span[0] if first is None else first
                history.append({"date": _us_date(cells[0]) or "", "action": cells[1]})
        if first is not None:
            tree.open("preamble", "", first, segment="History")
            tree.close(builder.length)
    veto = _by_id(root, "vetoMessage")
    if veto is not None:
        collector = _Paragraphs()
        collector.walk(veto)
        collector.flush()
        first = None
        for para in collector.paras:
            span = builder.add(para)
            first = span[0] if first is None else first
        if first is not None:
            tree.open("preamble", "", first, segment="Veto message")
            tree.close(builder.length)
    text = builder.text()
    if not text:
        raise FormatError("leginfo status page without status, history or message", path)
    measure = fields.get("measureNum", "")
    match = re.match(r"([A-Z]+)-?(\d+)", measure)
    history.sort(key=lambda h: h["date"])
    vetoed = any("vetoed" in h["action"].lower() for h in history)
    meta.update({"status": fields, "history": history})
    bill = Bill(
        jurisdiction="CA",
        session=_session(root),
        type=match.group(1) if match else "",
        number=match.group(2) if match else "",
        title=fields.get("subject", ""),
        meta={"long_title": fields.get("title", "")},
    )
    return Version(
        bill=bill,
        id=f"status:{measure}" if measure else "status",
        label="Status (vetoed)" if vetoed else "Status",
        text=text,
        provisions=tree.finish(len(text)),
        date=history[-1]["date"] if history else None,
        state="VETOED" if vetoed else None,
        format="leginfo",
        source=path,
        meta=meta,
    )
