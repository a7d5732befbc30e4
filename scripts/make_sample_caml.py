#!/usr/bin/env python3
"""Generate the demo sample bill (CAML + plain text) from one source per version.

The sample in ``corpus/samples/frontier-act/`` is fictional and ours. Each
version is written once, as a small line-oriented source under ``src/``
(format below); this script emits, for every version,

* ``NN-name.xml``: CAML shaped like the Legislative Counsel's files, with the
  official change marks of an amended version (``xm-insertion_mark_start`` /
  ``xm-insertion_mark_end`` / ``xm-deletion_mark``) computed by a word diff
  against the version before it, and
* ``NN-name.txt``: the same bill laid out as a printed bill,

so the two forms cannot disagree. Run it after editing a source::

    .venv/bin/python scripts/make_sample_caml.py            # rewrite the files
    .venv/bin/python scripts/make_sample_caml.py --check    # exit 1 if stale

Source format (``src/NN-name.bill``, UTF-8):

* ``# ...`` comment; ``:key value`` metadata (``label``, ``state``, ``house``,
  ``date``, ``versionnum``, ``action`` (repeatable: ``CODE yyyy-mm-dd``),
  ``author``, ``title``, ``subject``, ``digestkey``);
* ``== digest`` then one line per digest paragraph;
* ``== bill`` then the bill: ``SECTION 1. {key}`` / ``SEC. 2. {key}`` open a
  bill section; ``> action line`` with the code name in ``[brackets]``;
  ``CHAPTER 22.7. Heading {key}`` opens a chapter; ``22601. {key}`` opens a
  code section; any other line is one paragraph, its leading ``(a)`` labels
  becoming CAML labels. ``{key}`` is the element's identity across versions
  (CAML ids persist when a section is renumbered), so a renumbered section
  keeps its key and a new section gets a new one.
"""

from __future__ import annotations

import argparse
import difflib
import re
import sys
import textwrap
import uuid
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "corpus" / "samples" / "frontier-act"
ID_NAMESPACE = uuid.UUID("6f1c3d2e-5b7a-4c8e-9d10-1a2b3c4d5e6f")

MEASURE_TYPE = "SB"
MEASURE_NUM = "1188"
SESSION = "2027"
AUTHOR_NAME = "Halvorsen"
CODE_ABBREVIATIONS = {
    "Business and Professions Code": "BPC",
    "Government Code": "GOV",
    "Labor Code": "LAB",
    "Civil Code": "CIV",
}

_LABEL = re.compile(r"\((?:\d{1,3}|[a-z]{1,4}|[A-Z]{1,4})\)")
_KEY = re.compile(r"\s*\{([\w.-]+)\}\s*$")
_BILL_SECTION = re.compile(r"^(SECTION|SEC\.) (\d+)\.$")
_CHAPTER = re.compile(r"^CHAPTER (\d+(?:\.\d+)*)\. (.+)$")
_CODE_SECTION = re.compile(r"^(\d+(?:\.\d+)*)\.$")


# ----------------------------------------------------------------------------
# Source model


@dataclass
class Paragraph:
    labels: list[str]
    body: str

    @property
    def text(self) -> str:
        return " ".join(self.labels + ([self.body] if self.body else []))

    def tokens(self) -> list[tuple[str, str]]:
        return [("L", label) for label in self.labels] + [("W", w) for w in self.body.split()]


@dataclass
class CodeSection:
    key: str
    num: str  # "22601."
    paragraphs: list[Paragraph] = field(default_factory=list)


@dataclass
class Chapter:
    key: str
    num: str  # "22.7."
    heading: str
    sections: list[CodeSection] = field(default_factory=list)


@dataclass
class BillSection:
    key: str
    num: str  # "SEC. 2."
    action: str | None = None  # with the code name in [brackets]
    chapter: Chapter | None = None
    sections: list[CodeSection] = field(default_factory=list)  # code sections without a chapter
    paragraphs: list[Paragraph] = field(default_factory=list)  # uncodified content


@dataclass
class SourceVersion:
    name: str
    meta: dict[str, str]
    actions: list[tuple[str, str]]
    digest: list[Paragraph]
    sections: list[BillSection]


def split_paragraph(line: str) -> Paragraph:
    labels: list[str] = []
    rest = line.strip()
    while True:
        match = _LABEL.match(rest)
        if not match or (len(rest) > match.end() and rest[match.end()] != " "):
            break
        labels.append(match.group(0))
        rest = rest[match.end() :].lstrip()
    return Paragraph(labels, rest)


def parse_source(path: Path) -> SourceVersion:
    meta: dict[str, str] = {}
    actions: list[tuple[str, str]] = []
    digest: list[Paragraph] = []
    sections: list[BillSection] = []
    part = None
    current: BillSection | None = None
    code: CodeSection | None = None
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        where = f"{path.name}:{number}"
        if line.startswith(":"):
            key, _, value = line[1:].partition(" ")
            if key == "action":
                code_, date = value.split()
                actions.append((code_, date))
            else:
                meta[key] = value.strip()
            continue
        if line.startswith("== "):
            part = line[3:].strip()
            continue
        if part == "digest":
            digest.append(split_paragraph(line))
            continue
        if part != "bill":
            raise SystemExit(f"{where}: text outside a part")
        keyed = _KEY.search(line)
        head = line[: keyed.start()].strip() if keyed else line
        if keyed and _BILL_SECTION.match(head):
            current = BillSection(keyed.group(1), head)
            sections.append(current)
            code = None
        elif current is None:
            raise SystemExit(f"{where}: text before the first bill section")
        elif line.startswith("> "):
            current.action = line[2:].strip()
        elif keyed and _CHAPTER.match(head):
            match = _CHAPTER.match(head)
            assert match
            current.chapter = Chapter(keyed.group(1), match.group(1) + ".", match.group(2))
        elif keyed and _CODE_SECTION.match(head):
            code = CodeSection(keyed.group(1), head)
            (current.chapter.sections if current.chapter else current.sections).append(code)
        elif keyed:
            raise SystemExit(f"{where}: {{key}} on a line that opens nothing")
        elif code is not None:
            code.paragraphs.append(split_paragraph(line))
        else:
            current.paragraphs.append(split_paragraph(line))
    return SourceVersion(path.stem, meta, actions, digest, sections)


# ----------------------------------------------------------------------------
# CAML writing


def element_id(key: str) -> str:
    return "id_" + str(uuid.uuid5(ID_NAMESPACE, "frontier-act/" + key)).upper()


def esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def pi_data(markup: str) -> str:
    """Markup as the ``data`` of a deletion mark: escaped, with namespace prefixes."""
    return markup.replace("&", "&amp;").replace("<", "&lt;").replace('"', "&quot;")


INS_START = "<?xm-insertion_mark_start?>"
INS_END = "<?xm-insertion_mark_end?>"


def deletion(markup: str) -> str:
    return f'<?xm-deletion_mark data="{pi_data(markup)}"?>'


def inserted(markup: str) -> str:
    return f"{INS_START}{markup}{INS_END}" if markup else ""


class Writer:
    """Renders elements either in the document (``p``) or inside a deletion mark (``xhtml:p``)."""

    def __init__(self, struck: bool = False) -> None:
        self.p = "xhtml:p" if struck else "p"
        self.span = "xhtml:span" if struck else "span"

    def token(self, token: tuple[str, str]) -> str:
        kind, value = token
        if kind == "L":
            return f'{esc(value)}<{self.span} class="EnSpace"/>'
        return esc(value)

    def run(self, tokens: list[tuple[str, str]], previous: tuple[str, str] | None) -> str:
        out = []
        for token in tokens:
            out.append(separator(previous, token) + self.token(token))
            previous = token
        return "".join(out)

    def paragraph(self, paragraph: Paragraph) -> str:
        return f"<{self.p}>{self.run(paragraph.tokens(), None)}</{self.p}>"

    def paragraphs(self, paragraphs: list[Paragraph]) -> str:
        return "".join(self.paragraph(p) for p in paragraphs)

    def code_section(self, section: CodeSection, num: str | None = None) -> str:
        return (
            f'<caml:LawSection id="{element_id(section.key)}">'
            f"<caml:Num>{num if num is not None else esc(section.num)}</caml:Num>"
            f'<caml:LawSectionVersion id="{element_id(section.key + "/version")}">'
            f"<caml:Content>{self.paragraphs(section.paragraphs)}</caml:Content>"
            "</caml:LawSectionVersion></caml:LawSection>"
        )

    def bill_section(self, section: BillSection) -> str:
        return bill_section_xml(section, None, self)


def separator(previous: tuple[str, str] | None, token: tuple[str, str]) -> str:
    # A label carries its own en space; words are separated by one space.
    if previous is None or previous[0] == "L":
        return ""
    return " "


def diff_tokens(old: list[tuple[str, str]], new: list[tuple[str, str]], writer: Writer) -> str:
    """Inline markup of ``new`` with change marks against ``old`` (word granularity)."""
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    out: list[str] = []
    prev_old: tuple[str, str] | None = None
    prev_new: tuple[str, str] | None = None
    struck_writer = Writer(struck=True)
    last_was_deletion = False
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            for token in new[j1:j2]:
                new_sep = separator(prev_new, token)
                old_sep = separator(prev_old, token)
                if last_was_deletion and old_sep == " " and new_sep == "":
                    # The struck words stood before this word with a space
                    # between them; keep that space inside the mark so the
                    # rebuilt previous text does not glue two words together.
                    out[-1] = out[-1].replace('"?>', ' "?>')
                out.append(new_sep + writer.token(token))
                prev_new = prev_old = token
                last_was_deletion = False
            continue
        if (
            op == "replace"
            and i2 - i1 == j2 - j1
            and all(t[0] == "L" for t in old[i1:i2] + new[j1:j2])
        ):
            # A relettered paragraph, "(d)" -> "(c)": strike and insert the
            # label alone and leave its en space unmarked, as the
            # Legislative Counsel does.
            for old_label, new_label in zip(old[i1:i2], new[j1:j2]):
                out.append(deletion(esc(old_label[1])))
                out.append(inserted(esc(new_label[1])) + f'<{writer.span} class="EnSpace"/>')
            prev_old, prev_new = old[i2 - 1], new[j2 - 1]
            last_was_deletion = False
            continue
        if op in ("delete", "replace"):
            old_run = old[i1:i2]
            out.append(deletion(struck_writer.run(old_run, prev_old)))
            prev_old = old_run[-1]
            last_was_deletion = True
        if op in ("insert", "replace"):
            new_run = new[j1:j2]
            out.append(inserted(writer.run(new_run, prev_new)))
            prev_new = new_run[-1]
            last_was_deletion = False
    return "".join(out)


def similarity(a: Paragraph, b: Paragraph) -> float:
    """Share of the shorter paragraph's words found, in order, in the other.

    Containment rather than a symmetric ratio, so a definition that grew a
    long new clause still pairs with its old self and gets inline marks.
    """
    wa, wb = a.text.split(), b.text.split()
    if not wa or not wb:
        return 0.0
    matcher = difflib.SequenceMatcher(None, wa, wb, autojunk=False)
    matched = sum(block.size for block in matcher.get_matching_blocks())
    return matched / min(len(wa), len(wb))


def pair_block(old: list[Paragraph], new: list[Paragraph]) -> list[tuple[int | None, int | None]]:
    """Align two runs of changed paragraphs: similar ones pair up, the rest are whole inserts/deletes."""
    n, m = len(old), len(new)
    score = [[0.0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            sim = similarity(old[i], new[j])
            best = max(score[i + 1][j], score[i][j + 1])
            if sim >= 0.6:
                best = max(best, sim + score[i + 1][j + 1])
            score[i][j] = best
    pairs: list[tuple[int | None, int | None]] = []
    i = j = 0
    while i < n and j < m:
        sim = similarity(old[i], new[j])
        if sim >= 0.6 and abs(score[i][j] - (sim + score[i + 1][j + 1])) < 1e-9:
            pairs.append((i, j))
            i += 1
            j += 1
        elif score[i][j] == score[i + 1][j]:
            pairs.append((i, None))
            i += 1
        else:
            pairs.append((None, j))
            j += 1
    pairs.extend((k, None) for k in range(i, n))
    pairs.extend((None, k) for k in range(j, m))
    return pairs


def diff_paragraphs(old: list[Paragraph] | None, new: list[Paragraph], writer: Writer) -> str:
    """Markup of ``new`` paragraphs with marks against ``old`` (``None``: no marks)."""
    if old is None:
        return writer.paragraphs(new)
    struck = Writer(struck=True)
    out: list[str] = []
    pending_insert: list[str] = []

    def flush() -> None:
        if pending_insert:
            out.append(inserted("".join(pending_insert)))
            pending_insert.clear()

    matcher = difflib.SequenceMatcher(None, [p.text for p in old], [p.text for p in new], autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            flush()
            out.extend(writer.paragraph(p) for p in new[j1:j2])
            continue
        for i, j in pair_block(old[i1:i2], new[j1:j2]):
            if i is not None and j is not None:
                flush()
                inner = diff_tokens(old[i1 + i].tokens(), new[j1 + j].tokens(), writer)
                out.append(f"<{writer.p}>{inner}</{writer.p}>")
            elif i is not None:
                flush()
                out.append(deletion(struck.paragraph(old[i1 + i])))
            else:
                assert j is not None
                pending_insert.append(writer.paragraph(new[j1 + j]))
    flush()
    return "".join(out)


def diff_words(old: str | None, new: str) -> str:
    writer = Writer()
    tokens = [("W", w) for w in new.split()]
    if old is None:
        return writer.run(tokens, None)
    return diff_tokens([("W", w) for w in old.split()], tokens, writer)


def align_keys(old_keys: list[str], new_keys: list[str]) -> list[tuple[str | None, str | None]]:
    """Order-preserving alignment by key; a key out of order is a delete plus an insert (a move)."""
    matcher = difflib.SequenceMatcher(None, old_keys, new_keys, autojunk=False)
    pairs: list[tuple[str | None, str | None]] = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            pairs.extend(zip(old_keys[i1:i2], new_keys[j1:j2]))
        else:
            pairs.extend((k, None) for k in old_keys[i1:i2])
            pairs.extend((None, k) for k in new_keys[j1:j2])
    return pairs


def code_sections_xml(old: list[CodeSection] | None, new: list[CodeSection]) -> str:
    writer = Writer()
    if old is None:
        return "".join(writer.code_section(s) for s in new)
    old_by = {s.key: s for s in old}
    new_by = {s.key: s for s in new}
    out = []
    for ok, nk in align_keys([s.key for s in old], [s.key for s in new]):
        if ok and nk:
            o, n = old_by[ok], new_by[nk]
            out.append(
                f'<caml:LawSection id="{element_id(n.key)}">'
                f"<caml:Num>{diff_words(o.num, n.num)}</caml:Num>"
                f'<caml:LawSectionVersion id="{element_id(n.key + "/version")}">'
                f"<caml:Content>{diff_paragraphs(o.paragraphs, n.paragraphs, writer)}</caml:Content>"
                "</caml:LawSectionVersion></caml:LawSection>"
            )
        elif ok:
            out.append(deletion(Writer(struck=True).code_section(old_by[ok])))
        else:
            assert nk
            out.append(inserted(writer.code_section(new_by[nk])))
    return "".join(out)


def action_xml(action: str, old_action: str | None, struck: bool = False) -> str:
    code = re.search(r"\[([^\]]+)\]", action)
    abbreviation = CODE_ABBREVIATIONS.get(code.group(1), "BPC") if code else "BPC"
    chapter = re.match(r"Chapter (\S+) \(commencing with Section (\S+)\)", action)
    division = re.search(r"Division (\S+) of", action)
    if chapter:
        steps = []
        if division:
            steps.append(f"caml:LawHeading[@type='DIVISION' and caml:Num='{division.group(1)}.']")
        steps.append(f"caml:LawHeading[@type='CHAPTER' and caml:Num='{chapter.group(1)}.']")
        pointer = "/caml:LawDoc/caml:Code/" + "/".join(steps)
        label = f"fractionType: LAW_SPREAD||commencingWith: {chapter.group(2)}"
    else:
        number = re.search(r"Section (\S+) is", action)
        pointer = f"/caml:LawDoc/caml:Code//caml:LawSection[caml:Num='{number.group(1) if number else ''}']"
        label = "fractionType: LAW_SECTION"
    quoted = (
        pointer.replace("/", "%2F").replace(":", "%3A").replace("[", "%5B").replace("]", "%5D")
        .replace("@", "%40").replace("=", "%3D").replace(" ", "%20")
    )
    href = f"urn:caml:codes:{abbreviation}:caml#xpointer({quoted})"

    def render(text: str) -> str:
        return re.sub(r"\[([^\]]+)\]", lambda m: f"<caml:DocName>{m.group(1)}</caml:DocName>", esc(text))

    body = render(action)
    if old_action is not None and old_action != action:
        raise SystemExit("changing an action line is not supported by the generator")
    attrs = f'action="IS_ADDED" xlink:href="{href}" xlink:label="{label}" xlink:type="locator"'
    return f"<caml:ActionLine {attrs}>{body}</caml:ActionLine>"


def bill_section_xml(new: BillSection, old: BillSection | None, writer: Writer | None = None,
                     marks: bool = False) -> str:
    writer = writer or Writer()
    num = diff_words(old.num, new.num) if marks and old else esc(new.num)
    parts = [f'<caml:BillSection id="{element_id(new.key)}"><caml:Num>{num}</caml:Num>']
    if new.action:
        parts.append(action_xml(new.action, old.action if marks and old else None))
    if new.chapter or new.sections:
        parts.append("<caml:Fragment>")
        if new.chapter:
            ch = new.chapter
            old_ch = old.chapter if marks and old else None
            heading = diff_words(old_ch.heading, ch.heading) if old_ch else esc(ch.heading)
            chnum = diff_words(old_ch.num, ch.num) if old_ch else esc(ch.num)
            parts.append(
                f'<caml:LawHeading id="{element_id(ch.key)}" type="CHAPTER"><caml:Num>{chnum}</caml:Num>'
                f'<caml:LawHeadingVersion id="{element_id(ch.key + "/version")}">'
                f"<caml:LawHeadingText>{heading}</caml:LawHeadingText></caml:LawHeadingVersion>"
            )
            if writer.p == "p":
                parts.append(code_sections_xml(old_ch.sections if old_ch else None, ch.sections))
            else:
                parts.append("".join(writer.code_section(s) for s in ch.sections))
            parts.append("</caml:LawHeading>")
        if new.sections:
            if writer.p == "p":
                parts.append(code_sections_xml(old.sections if marks and old else None, new.sections))
            else:
                parts.append("".join(writer.code_section(s) for s in new.sections))
        parts.append("</caml:Fragment>")
    if new.paragraphs or not (new.chapter or new.sections):
        content = diff_paragraphs(old.paragraphs if marks and old else None, new.paragraphs, writer)
        parts.append(f"<caml:Content>{content}</caml:Content>")
    parts.append("</caml:BillSection>")
    return "".join(parts)


def bill_xml(old: SourceVersion | None, new: SourceVersion) -> str:
    out = []
    if old is None:
        return "".join(bill_section_xml(s, None) for s in new.sections)
    old_by = {s.key: s for s in old.sections}
    new_by = {s.key: s for s in new.sections}
    for ok, nk in align_keys([s.key for s in old.sections], [s.key for s in new.sections]):
        if ok and nk:
            if (old_by[ok].chapter is None) != (new_by[nk].chapter is None):
                raise SystemExit(f"{nk}: adding or removing a chapter is not supported")
            out.append(bill_section_xml(new_by[nk], old_by[ok], marks=True))
        elif ok:
            out.append(deletion(bill_section_xml(old_by[ok], None, Writer(struck=True))))
        else:
            assert nk
            out.append(inserted(bill_section_xml(new_by[nk], None)))
    return "".join(out)


DIGEST_KEY_FIELDS = (
    ("Vote", "VoteRequired"),
    ("Appropriation", "Appropriation"),
    ("Fiscal committee", "FiscalCommittee"),
    ("State-mandated local program", "LocalProgram"),
)


def digest_key(text: str) -> dict[str, str]:
    values = {}
    for label, element in DIGEST_KEY_FIELDS:
        match = re.search(re.escape(label) + r": (\w+)", text)
        values[element] = match.group(1).upper() if match else "NO"
    return values


def caml_document(old: SourceVersion | None, new: SourceVersion) -> str:
    meta = new.meta
    state = meta["state"]
    history = "".join(
        f"<caml:Action><caml:ActionText>{code}</caml:ActionText><caml:ActionDate>{date}</caml:ActionDate></caml:Action>"
        for code, date in new.actions
    )
    keys = digest_key(meta.get("digestkey", ""))
    old_keys = digest_key(old.meta.get("digestkey", "")) if old else None
    key_xml = "".join(
        f"<caml:{element}>{diff_words(old_keys[element] if old_keys else None, value)}</caml:{element}>"
        for element, value in keys.items()
    )
    doc_id = f"{SESSION}0{MEASURE_TYPE}__{int(MEASURE_NUM):04d}{meta['versionnum']}{state}"
    title = diff_words(old.meta["title"] if old else None, meta["title"])
    subject = diff_words(old.meta["subject"] if old else None, meta["subject"])
    digest = diff_paragraphs(old.digest if old else None, new.digest, Writer())
    relating = re.search(r"relating to ([^.]+)\.$", meta["title"])
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<caml:MeasureDoc version="1.0" xsi:schemaLocation="http://lc.ca.gov/legalservices/schemas/caml.1# xca.1.xsd" '
        'xmlns:caml="http://lc.ca.gov/legalservices/schemas/caml.1#" xmlns:xlink="http://www.w3.org/1999/xlink" '
        'xmlns:xhtml="http://www.w3.org/1999/xhtml" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\n'
        "<!-- Fictional sample bill written for lexdiff; generated by scripts/make_sample_caml.py. Not a real bill. -->\n"
        '<caml:Description xmlns="http://www.w3.org/1999/xhtml">'
        f"<caml:Id>{doc_id}</caml:Id><caml:VersionNum>{meta['versionnum']}</caml:VersionNum>"
        f"<caml:History>{history}</caml:History>"
        f"<caml:LegislativeInfo><caml:SessionYear>{SESSION}</caml:SessionYear><caml:SessionNum>0</caml:SessionNum>"
        f"<caml:MeasureType>{MEASURE_TYPE}</caml:MeasureType><caml:MeasureNum>{MEASURE_NUM}</caml:MeasureNum>"
        f"<caml:MeasureState>{state}</caml:MeasureState></caml:LegislativeInfo>"
        f'<caml:AuthorText authorType="LEAD_AUTHOR">{esc(meta["author"])}</caml:AuthorText>'
        "<caml:Authors><caml:Legislator><caml:Contribution>LEAD_AUTHOR</caml:Contribution>"
        f"<caml:House>{meta.get('house', 'SENATE')}</caml:House><caml:Name>{AUTHOR_NAME}</caml:Name></caml:Legislator></caml:Authors>"
        f"<caml:Title>{title}</caml:Title>"
        f"<caml:RelatingClause>{esc(relating.group(1)) if relating else ''}</caml:RelatingClause>"
        f"<caml:GeneralSubject><caml:Subject>{subject}</caml:Subject></caml:GeneralSubject>"
        f"<caml:DigestText>{digest}</caml:DigestText>"
        f"<caml:DigestKey>{key_xml}</caml:DigestKey>"
        "<caml:MeasureIndicators><caml:ImmediateEffect>NO</caml:ImmediateEffect><caml:ImmediateEffectFlags>"
        "<caml:Urgency>NO</caml:Urgency><caml:TaxLevy>NO</caml:TaxLevy><caml:Election>NO</caml:Election>"
        "<caml:UsualCurrentExpenses>NO</caml:UsualCurrentExpenses><caml:BudgetBill>NO</caml:BudgetBill>"
        "<caml:Prop25TrailerBill>NO</caml:Prop25TrailerBill></caml:ImmediateEffectFlags></caml:MeasureIndicators>"
        "</caml:Description>"
        '<caml:Bill id="bill" xmlns="http://www.w3.org/1999/xhtml">'
        "<caml:Preamble>The people of the State of California do enact as follows:</caml:Preamble>"
        f"{bill_xml(old, new)}"
        "</caml:Bill></caml:MeasureDoc>\n"
    )


# ----------------------------------------------------------------------------
# Plain text, laid out like a printed California bill

WIDTH = 72
INDENT = "   "  # first line of every paragraph; continuation lines start at the margin
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")


def long_date(iso: str) -> str:
    year, month, day = (int(x) for x in iso.split("-"))
    return f"{MONTHS[month - 1]} {day}, {year}"


def wrap(text: str, first: str = INDENT) -> list[str]:
    # Never break at a hyphen: "floating-point" must not become a
    # line-end hyphen that a reader would have to guess about.
    return textwrap.wrap(text, WIDTH, initial_indent=first, subsequent_indent="",
                         break_on_hyphens=False, break_long_words=False)


def center(text: str) -> str:
    return text.center(WIDTH).rstrip()


def plain_text(version: SourceVersion) -> str:
    meta = version.meta
    lines: list[str] = []
    label = meta["label"]
    first_date = version.actions[0][1]
    if label != "Introduced":
        lines.append(f"{label.upper()} {long_date(meta['date']).upper()}".rjust(WIDTH))
        lines.append("")
    lines.append(center("SENATE BILL" + " " * 30 + f"No. {MEASURE_NUM}"))
    lines.append("")
    lines.append(center(meta["author"]))
    lines.append("")
    lines.append(center(long_date(first_date)))
    lines.append("")
    lines.extend(wrap(meta["title"], ""))
    lines.append("")
    lines.append(center("LEGISLATIVE COUNSEL\u2019S DIGEST"))
    lines.append("")
    stage = {"Introduced": "as introduced", "Enrolled": ""}.get(label, "as amended")
    lead = f"{MEASURE_TYPE} {MEASURE_NUM}, {stage + ', ' if stage else ''}{AUTHOR_NAME}. {meta['subject']}"
    lines.extend(wrap(lead, ""))
    for paragraph in version.digest:
        lines.extend(wrap(paragraph.text))
    lines.append("")
    lines.extend(wrap(meta.get("digestkey", ""), ""))
    lines.append("")
    lines.append(center("The people of the State of California do enact as follows:"))
    for section in version.sections:
        lines.append("")
        head = section.num
        if section.action:
            lines.extend(wrap(f"{head} {section.action.replace('[', '').replace(']', '')}"))
        code_sections = list(section.sections)
        if section.chapter:
            lines.append("")
            lines.append(center(f"CHAPTER {section.chapter.num} {section.chapter.heading}"))
            lines.append("")
            code_sections = section.chapter.sections + code_sections
        for index, code in enumerate(code_sections):
            if index:
                lines.append("")
            first, *rest = code.paragraphs or [Paragraph([], "")]
            lines.extend(wrap(f"{code.num} {first.text}".strip()))
            for paragraph in rest:
                lines.extend(wrap(paragraph.text))
        if section.paragraphs:
            first, *rest = section.paragraphs
            if section.action:
                lines.extend(wrap(first.text))
            else:
                lines.extend(wrap(f"{head} {first.text}"))
            for paragraph in rest:
                lines.extend(wrap(paragraph.text))
    return "\n".join(lines).rstrip() + "\n"


# ----------------------------------------------------------------------------


def generate() -> dict[Path, str]:
    sources = sorted((SAMPLE / "src").glob("*.bill"))
    if not sources:
        raise SystemExit(f"no sources in {SAMPLE / 'src'}")
    outputs: dict[Path, str] = {}
    previous: SourceVersion | None = None
    for source in sources:
        version = parse_source(source)
        # An enrolled bill carries no change marks: it is the text as last
        # amended, not an amendment of it.
        against = previous if version.meta["state"] == "AMD" else None
        outputs[SAMPLE / f"{version.name}.xml"] = caml_document(against, version)
        outputs[SAMPLE / f"{version.name}.txt"] = plain_text(version)
        previous = version
    return outputs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if the generated files are stale")
    args = parser.parse_args(argv)
    stale = []
    for path, text in generate().items():
        if args.check:
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                stale.append(path.name)
        else:
            path.write_text(text, encoding="utf-8")
            print(f"wrote {path.relative_to(ROOT)}")
    if stale:
        print("stale: " + ", ".join(stale), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
