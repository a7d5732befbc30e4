"""CAML reader: structure, metadata, canonical text and official change marks.

Real-bill checks read the shared corpus (California SB 53, six versions);
the synthetic documents below are written in our own words and exercise
each change-mark shape the Legislative Counsel uses.
"""

from __future__ import annotations

import html
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import SAMPLES, requires_corpus
from lexdiff.errors import FormatError, ParseError
from lexdiff.ingest import read_version
from lexdiff.ingest.caml import read_caml
from lexdiff.model import Provision, Version, rebuild_previous_text, words
from lexdiff.render.modeljson import version_dict

SB53 = [
    "01-2025-01-07-introduced.xml",
    "02-2025-02-27-amended-senate.xml",
    "03-2025-03-27-amended-senate.xml",
    "04-2025-05-23-amended-senate.xml",
    "05-2025-07-08-amended-assembly.xml",
    "06-2025-07-17-amended-assembly.xml",
]
SAMPLE_FILES = sorted((SAMPLES / "frontier-act").glob("*.xml"))


def _sb53(corpus: Path, index: int) -> Version:
    return read_version(str(corpus / "ca" / "2025-sb53" / SB53[index]))


def _paths(version: Version) -> list[str]:
    return [p.path for p in version.walk()]


# -- real bill: metadata ---------------------------------------------------------


@requires_corpus
def test_metadata_of_introduced_and_last_amended(corpus: Path) -> None:
    first, last = _sb53(corpus, 0), _sb53(corpus, 5)
    assert (first.id, first.label, first.date, first.state) == (
        "20250SB__005399INT", "Introduced", "2025-01-07", "INT",
    )
    assert (last.id, last.label, last.date, last.state) == (
        "20250SB__005394AMD", "Amended in Assembly", "2025-07-17", "AMD",
    )
    assert last.format == "caml" and last.source.endswith(SB53[5])
    bill = last.bill
    assert (bill.jurisdiction, bill.session, bill.type, bill.number) == ("CA", "2025-2026", "SB", "53")
    assert bill.title == "Artificial intelligence models: large developers."
    assert bill.citation == "CA SB 53 (2025-2026)"
    assert [a["action"] for a in last.meta["history"]] == [
        "INTRODUCED", "AMENDED_SENATE", "AMENDED_SENATE", "AMENDED_SENATE",
        "AMENDED_ASSEMBLY", "AMENDED_ASSEMBLY",
    ]
    assert last.meta["version_num"] == "94"
    assert last.meta["relating_clause"] == "artificial intelligence"
    assert last.meta["long_title"].startswith("An act to add Chapter 25.1 (commencing with Section 22757.10)")
    assert any(author["name"] == "Wiener" for author in bill.meta["authors"])


@requires_corpus
@pytest.mark.parametrize(
    ("index", "label", "count"),
    [(0, "Introduced", 4), (1, "Amended in Senate", 78), (2, "Amended in Senate", 80),
     (3, "Amended in Senate", 89), (4, "Amended in Assembly", 179), (5, "Amended in Assembly", 213)],
    ids=[name[:2] for name in SB53],
)
def test_labels_and_provision_counts(corpus: Path, index: int, label: str, count: int) -> None:
    version = _sb53(corpus, index)
    assert version.label == label
    assert sum(1 for _ in version.walk()) == count


# -- real bill: structure --------------------------------------------------------


@requires_corpus
def test_deepest_chain_in_22757_11(corpus: Path) -> None:
    version = _sb53(corpus, 5)
    base = "SEC. 2 > BPC 22757.11 > (g)"
    chain = ["", "(1)", "(1)(A)", "(1)(A)(i)", "(1)(A)(i)(I)"]
    kinds = ["subdivision", "paragraph", "subparagraph", "clause", "subclause"]
    for suffix, kind in zip(chain, kinds):
        provision = version.find(base + suffix)
        assert provision is not None, base + suffix
        assert provision.kind == kind
    deepest = version.find("SEC. 2 > BPC 22757.11 > (g)(1)(A)(i)(I)")
    assert deepest is not None
    assert version.slice(deepest.start, deepest.end).startswith("(I) The person has trained, or initiated")
    assert [c.path for c in version.find(base + "(1)(A)(i)").children] == [
        "SEC. 2 > BPC 22757.11 > (g)(1)(A)(i)(I)",
        "SEC. 2 > BPC 22757.11 > (g)(1)(A)(i)(II)",
    ]
    # (i) after (h) in the same section is subdivision (i), not a clause.
    assert version.find("SEC. 2 > BPC 22757.11 > (i)").kind == "subdivision"
    assert version.find("SEC. 2 > BPC 22757.16 > (a)(1)(B)(ii)").kind == "clause"


@requires_corpus
def test_sections_headings_and_action_lines(corpus: Path) -> None:
    version = _sb53(corpus, 5)
    top = [p.path for p in version.provisions]
    assert top == ["Title", "Digest", "Preamble", "SEC. 1", "SEC. 2", "SEC. 3", "SEC. 4", "SEC. 5", "SEC. 6"]
    sec2 = version.find("SEC. 2")
    assert sec2.id == "id_532DC5A3-DEFB-4AC3-BD86-04E399C7DA98"
    assert sec2.attrs["action"] == "IS_ADDED" and sec2.attrs["code"] == "BPC"
    assert "22757.10" in sec2.attrs["sections"]
    assert sec2.attrs["action_text"].startswith("Chapter 25.1 (commencing with Section 22757.10) is added")
    chapter = version.find("SEC. 2 > Chapter 25.1")
    assert (chapter.kind, chapter.label, chapter.heading) == (
        "chapter", "25.1", "Transparency in Frontier Artificial Intelligence Act",
    )
    assert version.slice(chapter.start, chapter.end) == (
        "CHAPTER 25.1. Transparency in Frontier Artificial Intelligence Act"
    )
    assert version.find("SEC. 4 > Chapter 5.1").heading == (
        "Whistleblower Protections: Catastrophic Risks in AI Foundation Models"
    )
    code = version.find("SEC. 3 > GOV 11546.8")
    assert (code.kind, code.label, code.attrs["code"]) == ("code_section", "11546.8", "GOV")
    assert [p.path for p in version.find("Digest").children] == ["Digest > (1)", "Digest > (2)", "Digest > (3)"]


@requires_corpus
def test_ids_persist_across_versions(corpus: Path) -> None:
    five, six = _sb53(corpus, 4), _sb53(corpus, 5)
    ids_five = {p.id: p.path for p in five.walk() if p.kind in ("bill_section", "code_section")}
    ids_six = {p.id: p.path for p in six.walk() if p.kind in ("bill_section", "code_section")}
    shared = set(ids_five) & set(ids_six)
    assert "id_532DC5A3-DEFB-4AC3-BD86-04E399C7DA98" in shared
    assert len(shared) >= 8


@requires_corpus
@pytest.mark.parametrize("index", range(6), ids=[name[:2] for name in SB53])
def test_canonical_text_has_no_markup(corpus: Path, index: int) -> None:
    version = _sb53(corpus, index)
    text = version.text
    for fragment in ("<", "&lt;", "&quot;", "xhtml", "caml:", "\u2002", "\t", "  ", "\n\n"):
        assert fragment not in text
    assert text == text.strip()
    preamble = version.find("Preamble")
    assert version.slice(preamble.start, preamble.end) == (
        "The people of the State of California do enact as follows:"
    )
    digest = version.find("Digest")
    assert digest.end < preamble.start
    assert text.count("The people of the State of California do enact as follows:") == 1


@requires_corpus
@pytest.mark.parametrize("index", range(1, 6), ids=[f"{n - 1:02d}->{n:02d}" for n in range(2, 7)])
def test_marks_rebuild_previous_version(corpus: Path, index: int) -> None:
    previous, current = _sb53(corpus, index - 1), _sb53(corpus, index)
    assert current.marks
    assert words(rebuild_previous_text(current)) == words(previous.text)


@requires_corpus
def test_marks_land_on_the_right_provisions(corpus: Path) -> None:
    version = _sb53(corpus, 5)
    by_text = {}
    for mark in version.marks:
        if mark.op == "insert":
            by_text[version.slice(mark.start, mark.end).strip()] = mark
    inserted = next(m for t, m in by_text.items() if t.startswith("(5) Attaining a dangerous capability"))
    # A paragraph inserted whole: the mark starts at the break before it.
    assert version.slice(inserted.start, inserted.start + 4) == "\n(5)"
    assert version.provision_at(inserted.start + 1).path == "SEC. 2 > BPC 22757.11 > (c)(5)"
    assert version.provision_at(by_text["50"].start).path == "SEC. 2 > BPC 22757.11 > (b)"
    struck = next(m for m in version.marks if m.op == "delete" and m.text == " 100")
    assert version.provision_at(struck.start).path == "SEC. 2 > BPC 22757.11 > (b)"
    # Struck whole paragraphs keep their paragraph breaks and no markup.
    block = next(m for m in version.marks if m.op == "delete" and "A computational threshold" in m.text)
    assert block.text.startswith("(m) A computational threshold")
    assert "<" not in block.text
    # Its last struck paragraph "(n)" is the old label of the paragraph now
    # lettered (m): it is restored in front of that paragraph.
    assert block.text.endswith("models.\n(n)")
    assert version.provision_at(block.start).path == "SEC. 1 > (m)"
    assert "models.\n(n) In the future, foundation models" in rebuild_previous_text(version)
    for mark in version.marks:
        assert 0 <= mark.start <= mark.end <= len(version.text)
        assert (mark.op == "delete") == (mark.start == mark.end)


# -- the demo bill (in the repository) ------------------------------------------------


@pytest.mark.parametrize("path", SAMPLE_FILES, ids=[p.stem for p in SAMPLE_FILES])
def test_sample_reads_with_five_levels(path: Path) -> None:
    version = read_version(str(path))
    assert version.find("SEC. 2 > BPC 22602 > (a)(2)(B)(ii)(I)").kind == "subclause"
    assert version.find("SEC. 2 > BPC 22602 > (a)(2)(B)(i)").kind == "clause"
    assert version.find("SEC. 2 > BPC 22601 > (i)").kind == "subdivision"


def test_sample_marks_rebuild() -> None:
    versions = [read_version(str(p)) for p in SAMPLE_FILES]
    for previous, current in zip(versions, versions[1:]):
        assert words(rebuild_previous_text(current)) == words(previous.text), current.id


# -- synthetic documents -----------------------------------------------------------

HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<caml:MeasureDoc xmlns:caml="http://lc.ca.gov/legalservices/schemas/caml.1#" '
    'xmlns:xlink="http://www.w3.org/1999/xlink" xmlns:xhtml="http://www.w3.org/1999/xhtml">'
    '<caml:Description xmlns="http://www.w3.org/1999/xhtml"><caml:Id>20270AB__000799AMD</caml:Id>'
    "<caml:History><caml:Action><caml:ActionText>INTRODUCED</caml:ActionText>"
    "<caml:ActionDate>2027-01-04</caml:ActionDate></caml:Action><caml:Action>"
    "<caml:ActionText>AMENDED_ASSEMBLY</caml:ActionText><caml:ActionDate>2027-03-01</caml:ActionDate>"
    "</caml:Action></caml:History><caml:LegislativeInfo><caml:SessionYear>2027</caml:SessionYear>"
    "<caml:SessionNum>0</caml:SessionNum><caml:MeasureType>AB</caml:MeasureType>"
    "<caml:MeasureNum>7</caml:MeasureNum><caml:MeasureState>AMD</caml:MeasureState>"
    "</caml:LegislativeInfo><caml:Title>An act relating to ferries.</caml:Title>"
    "<caml:Subject>Ferries: lifejackets.</caml:Subject></caml:Description>"
    '<caml:Bill id="bill" xmlns="http://www.w3.org/1999/xhtml">'
    "<caml:Preamble>The people of the State of California do enact as follows:</caml:Preamble>"
    '<caml:BillSection id="id_S1"><caml:Num>SECTION 1.</caml:Num>'
    '<caml:ActionLine action="IS_ADDED" xlink:href="urn:caml:codes:HNC:caml#xpointer()">'
    "Section 700 is added to the <caml:DocName>Harbors and Navigation Code</caml:DocName>, to read:"
    '</caml:ActionLine><caml:Fragment><caml:LawSection id="id_L700"><caml:Num>700.</caml:Num>'
    "<caml:LawSectionVersion><caml:Content>"
)
TAIL = "</caml:Content></caml:LawSectionVersion></caml:LawSection></caml:Fragment></caml:BillSection></caml:Bill></caml:MeasureDoc>"
PREFIX_WORDS = (
    "An act relating to ferries. Ferries: lifejackets. The people of the State of California do "
    "enact as follows: SECTION 1. Section 700 is added to the Harbors and Navigation Code, to "
    "read: 700."
).split()


def _doc(content: str) -> bytes:
    return (HEAD + content + TAIL).encode("utf-8")


def _struck(markup: str) -> str:
    """Escape struck markup the way CAML stores it in a deletion mark."""
    return html.escape(markup, quote=True).replace("&#x27;", "&apos;").replace("&gt;", ">")


def test_synthetic_metadata_and_paths() -> None:
    version = read_caml(_doc("<p>(a)<span class='EnSpace'/>An operator shall carry one lifejacket.</p>"), "x.xml")
    assert version.label == "Amended in Assembly" and version.date == "2027-03-01"
    assert version.bill.session == "2027-2028" and version.bill.type == "AB"
    assert _paths(version)[-1] == "SEC. 1 > HNC 700 > (a)"
    assert version.text.endswith("700.\n(a) An operator shall carry one lifejacket.")


def test_inline_marks_with_line_breaks() -> None:
    content = (
        "<p>(a)<span class='EnSpace'/>An operator shall carry at least"
        '<?xm-deletion_mark data=" two"?><?xm-insertion_mark_start?>\n\t\t   three<?xm-insertion_mark_end?>'
        " lifejackets.</p>"
    )
    version = read_caml(_doc(content), "x.xml")
    assert version.text.endswith("(a) An operator shall carry at least three lifejackets.")
    insert = next(m for m in version.marks if m.op == "insert")
    assert version.slice(insert.start, insert.end) == " three"
    assert rebuild_previous_text(version).endswith("(a) An operator shall carry at least two lifejackets.")


def test_struck_partial_paragraphs_between_paragraphs() -> None:
    struck = _struck("<xhtml:p>(b)<xhtml:span class=\"EnSpace\"/>A fee &amp; a “charge” apply.</xhtml:p><xhtml:p>(c)</xhtml:p>")
    content = (
        "<p>(a)<span class='EnSpace'/>First rule.</p>"
        f'<?xm-deletion_mark data="{struck}"?>'
        "<p><?xm-insertion_mark_start?>(b)<?xm-insertion_mark_end?><span class='EnSpace'/>Last rule.</p>"
    )
    version = read_caml(_doc(content), "x.xml")
    assert words(rebuild_previous_text(version)) == PREFIX_WORDS + (
        "(a) First rule. (b) A fee & a “charge” apply. (c) Last rule."
    ).split()
    assert [p.path for p in version.walk()][-2:] == ["SEC. 1 > HNC 700 > (a)", "SEC. 1 > HNC 700 > (b)"]
    # Character for character: the struck "(c)" was the label of "Last rule."
    assert rebuild_previous_text(version).endswith(
        "700.\n(a) First rule.\n(b) A fee & a “charge” apply.\n(c) Last rule."
    )


def test_insertion_spanning_paragraphs_is_one_mark() -> None:
    content = (
        "<p>(a)<span class='EnSpace'/>Kept.</p><?xm-insertion_mark_start?>"
        "<p>(b)<span class='EnSpace'/>New one.</p><p>(c)<span class='EnSpace'/>New two.</p>"
        "<?xm-insertion_mark_end?>"
    )
    version = read_caml(_doc(content), "x.xml")
    inserts = [m for m in version.marks if m.op == "insert"]
    assert len(inserts) == 1
    # The paragraph break in front of the inserted paragraphs goes with them.
    assert version.slice(inserts[0].start, inserts[0].end) == "\n(b) New one.\n(c) New two."
    assert rebuild_previous_text(version).endswith("700.\n(a) Kept.")


@pytest.mark.parametrize(
    ("inner", "previous"),
    [
        ("A<?xm-insertion_mark_start?> new <?xm-insertion_mark_end?> B", "A B"),
        ("A<?xm-insertion_mark_start?> new <?xm-insertion_mark_end?>B", "AB"),
        ("A <?xm-deletion_mark data='old'?> B", "A old B"),
        ("A <?xm-deletion_mark data='old'?>B", "A oldB"),
        ("A<?xm-deletion_mark data=' old'?> B", "A old B"),
    ],
    ids=["insert-shared-space", "insert-glued", "delete-in-run", "delete-glued-right", "delete-lead-space"],
)
def test_whitespace_at_mark_edges(inner: str, previous: str) -> None:
    version = read_caml(_doc(f"<p>{inner}</p>"), "x.xml")
    assert words(rebuild_previous_text(version))[len(PREFIX_WORDS):] == previous.split()


def test_deletion_inside_insertion_is_restored() -> None:
    content = (
        "<p>(a)<span class='EnSpace'/>Start<?xm-insertion_mark_start?> new"
        '<?xm-deletion_mark data=" old"?> words<?xm-insertion_mark_end?> end.</p>'
    )
    version = read_caml(_doc(content), "x.xml")
    assert words(rebuild_previous_text(version))[-4:] == ["(a)", "Start", "old", "end."]


def test_struck_whole_section_renders_like_a_section() -> None:
    struck = _struck(
        '<caml:LawSection id="id_L701"><caml:Num>701.</caml:Num><caml:LawSectionVersion>'
        "<caml:Content><xhtml:p>A ferry shall have a horn.</xhtml:p></caml:Content>"
        "</caml:LawSectionVersion></caml:LawSection>"
    )
    content = f'<p>Kept text.</p></caml:Content></caml:LawSectionVersion></caml:LawSection><?xm-deletion_mark data="{struck}"?><caml:LawSection id="x"><caml:Num>702.</caml:Num><caml:LawSectionVersion><caml:Content><p>Other.</p>'
    version = read_caml(_doc(content), "x.xml")
    rebuilt = rebuild_previous_text(version)
    assert "Kept text.\n701.\nA ferry shall have a horn.\n702." in rebuilt


def test_not_caml_root_is_a_format_error() -> None:
    with pytest.raises(FormatError, match="not a CAML bill"):
        read_caml(b"<bill><p>x</p></bill>", "x.xml")


def test_broken_struck_markup_is_a_parse_error() -> None:
    content = '<p>(a)<span class="EnSpace"/>Text.</p><?xm-deletion_mark data="&lt;xhtml:p>open"?>'
    with pytest.raises(ParseError, match="deletion mark"):
        read_caml(_doc(content), "x.xml")


# -- properties ----------------------------------------------------------------------------

_WORDS = st.sampled_from(["shall", "may", "operator", "ferry", "A&B", "“term”", "<angle>", "$5", "it's", "\"q\""])
_LABELS = {
    0: "abcdefgh",
    1: [str(n) for n in range(1, 9)],
    2: "ABCDEFGH",
    3: ["i", "ii", "iii", "iv", "v", "vi", "vii", "viii"],
    4: ["I", "II", "III", "IV", "V", "VI", "VII", "VIII"],
}


@st.composite
def _paragraphs(draw: st.DrawFn) -> list[tuple[str, str, list[tuple[str, str]]]]:
    """(label, paragraph fate, [(segment fate, words)]) for one code section."""
    counters = [0]
    out = []
    for index in range(draw(st.integers(1, 12))):
        if index:
            moves = ["sibling"] + (["child"] if len(counters) < 5 else []) + (["up"] if len(counters) > 1 else [])
            move = draw(st.sampled_from(moves))
            if move == "child":
                counters.append(0)
            elif move == "up":
                counters.pop()
                counters[-1] += 1
            else:
                counters[-1] += 1
        if counters[-1] >= 8:
            break
        depth = len(counters) - 1
        label = f"({_LABELS[depth][counters[-1]]})"
        fate = draw(st.sampled_from(["same", "same", "same", "insert", "delete"]))
        spaces = st.sampled_from(["", " ", " ", "\n\t\t ", "  "])
        segments = draw(
            st.lists(
                st.tuples(
                    st.sampled_from(["same", "same", "insert", "delete"]),
                    st.tuples(spaces, st.lists(_WORDS, min_size=1, max_size=4).map(" ".join), spaces).map(
                        "".join
                    ),
                ),
                min_size=1,
                max_size=4,
            )
        )
        out.append((label, fate, segments))
    return out


def _xml_text(text: str) -> str:
    return html.escape(text, quote=False)


def _build(paragraphs: list[tuple[str, str, list[tuple[str, str]]]]) -> tuple[bytes, list[str]]:
    xml: list[str] = []
    previous: list[str] = []
    for label, fate, segments in paragraphs:
        if fate == "insert":
            body = "".join(_xml_text(" " + w) for _, w in segments)
            xml.append(f"<?xm-insertion_mark_start?><p>{label}<span class=\"EnSpace\"/>{body}</p><?xm-insertion_mark_end?>")
            continue
        if fate == "delete":
            body_text = "".join(" " + w for _, w in segments)
            body = _xml_text(body_text)
            struck = _struck(f"<xhtml:p>{label}<xhtml:span class=\"EnSpace\"/>{body}</xhtml:p>")
            xml.append(f'<?xm-deletion_mark data="{struck}"?>')
            previous.extend(f"{label} {body_text}".split())
            continue
        parts = [f"<p>{label}<span class=\"EnSpace\"/>"]
        previous_raw = label + " "
        for seg_fate, text in segments:
            if seg_fate == "insert":
                parts.append(f"<?xm-insertion_mark_start?>{_xml_text(text)}<?xm-insertion_mark_end?>")
            elif seg_fate == "delete":
                parts.append(f'<?xm-deletion_mark data="{_struck(_xml_text(text))}"?>')
                previous_raw += text
            else:
                parts.append(_xml_text(text))
                previous_raw += text
        previous.extend(previous_raw.split())
        parts.append("</p>")
        xml.append("".join(parts))
    return _doc("".join(xml)), PREFIX_WORDS + previous


def _check_tree(version: Version, provisions: tuple[Provision, ...], lo: int, hi: int) -> None:
    last_end = lo
    for provision in provisions:
        assert lo <= provision.start <= provision.end <= hi
        assert provision.start >= last_end, "siblings overlap or are out of order"
        last_end = provision.end
        _check_tree(version, provision.children, provision.start, provision.end)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_paragraphs())
def test_property_marks_rebuild_and_tree_is_well_formed(paragraphs) -> None:
    data, expected_previous = _build(paragraphs)
    version = read_caml(data, "generated.xml")
    assert words(rebuild_previous_text(version)) == expected_previous
    _check_tree(version, version.provisions, 0, len(version.text))
    # Every surviving labelled paragraph became a provision with that label.
    current_labels = [label for label, fate, _ in paragraphs if fate != "delete"]
    section = version.find("SEC. 1 > HNC 700")
    assert [p.label for p in section.walk()][1:] == current_labels
    # parse -> JSON -> slices: offsets survive serialisation.
    payload = json.loads(json.dumps(version_dict(version)))
    text = payload["text"]
    assert text == version.text

    def visit(nodes: list[dict]) -> None:
        for node in nodes:
            original = version.find(node["path"])
            assert original is not None
            assert text[node["start"] : node["end"]] == version.slice(original.start, original.end)
            if node["kind"] in ("subdivision", "paragraph", "subparagraph", "clause", "subclause"):
                assert text[node["start"] :].startswith(node["label"])
            visit(node["children"])

    visit(payload["provisions"])
    for mark in payload["marks"]:
        if mark["op"] == "insert":
            assert text[mark["start"] : mark["end"]].strip()


def test_table_rows_are_paragraphs() -> None:
    content = (
        "<p>(a)<span class='EnSpace'/>The fees are:</p><table><tbody>"
        "<tr><td>Day pass</td><td>$5</td></tr><tr><td>Season<?xm-insertion_mark_start?> pass"
        "<?xm-insertion_mark_end?></td><td>$40</td></tr></tbody></table>"
    )
    version = read_caml(_doc(content), "x.xml")
    assert version.text.endswith("(a) The fees are:\nDay pass $5\nSeason pass $40")
    assert words(rebuild_previous_text(version))[-3:] == ["$5", "Season", "$40"]


def test_insertion_crossing_a_paragraph_break() -> None:
    # The amendment split one paragraph into two: the insertion starts
    # inside (a) and ends inside the new (b).
    content = (
        "<p>(a)<span class='EnSpace'/>Keep<?xm-insertion_mark_start?> this.</p>"
        "<p>(b)<span class='EnSpace'/>More<?xm-insertion_mark_end?> tail.</p>"
    )
    version = read_caml(_doc(content), "x.xml")
    inserts = [m for m in version.marks if m.op == "insert"]
    assert len(inserts) == 1
    assert version.slice(inserts[0].start, inserts[0].end) == " this.\n(b) More"
    assert words(rebuild_previous_text(version))[len(PREFIX_WORDS):] == ["(a)", "Keep", "tail."]
    assert [p.label for p in version.find("SEC. 1 > HNC 700").children] == ["(a)", "(b)"]


def test_fractions_leaders_and_tip_ins() -> None:
    content = (
        "<p>(a)<span class='EnSpace'/>A vote of 66<caml:Fraction><caml:Numerator>2</caml:Numerator>"
        "<caml:Denominator>3</caml:Denominator></caml:Fraction> percent, or "
        "<caml:Fraction><caml:Numerator>1</caml:Numerator><caml:Denominator>2</caml:Denominator>"
        "</caml:Fraction> of it.<caml:TipIn>plate</caml:TipIn></p>"
        "<p>Name<span class='DottedLeaders'/>Date<span class='NbSpace'/>signed</p>"
    )
    version = read_caml(_doc(content), "x.xml")
    assert version.text.endswith("(a) A vote of 66 2/3 percent, or 1/2 of it.\nName Date signed")


def test_resolution_clauses() -> None:
    doc = (
        '<caml:MeasureDoc xmlns:caml="http://lc.ca.gov/legalservices/schemas/caml.1#">'
        "<caml:Resolution><caml:Whereas>WHEREAS, Ferries matter; and</caml:Whereas>"
        "<caml:Whereas>WHEREAS, Lifejackets float; now, therefore, be it</caml:Whereas>"
        "<caml:Resolved>Resolved by the Assembly, That ferries carry lifejackets.</caml:Resolved>"
        "</caml:Resolution></caml:MeasureDoc>"
    ).encode()
    version = read_caml(doc, "r.xml")
    assert [(p.path, p.kind) for p in version.walk()] == [
        ("Whereas 1", "preamble"), ("Whereas 2", "preamble"), ("Resolved 1", "section"),
    ]
    assert version.text.splitlines()[2] == "Resolved by the Assembly, That ferries carry lifejackets."


def test_paragraph_emptied_by_the_amendment() -> None:
    content = (
        "<p>(a)<span class='EnSpace'/>Kept.</p>"
        '<p><?xm-deletion_mark data="(b) Struck  words."?></p>'
        "<p>(c)<span class='EnSpace'/>Also kept.</p>"
    )
    version = read_caml(_doc(content), "x.xml")
    assert version.text.endswith("700.\n(a) Kept.\n(c) Also kept.")
    assert rebuild_previous_text(version).endswith("700.\n(a) Kept.\n(b) Struck words.\n(c) Also kept.")


@requires_corpus
@pytest.mark.parametrize("index", range(6), ids=[name[:2] for name in SB53])
def test_sb53_tree_invariants_and_json_round_trip(corpus: Path, index: int) -> None:
    version = _sb53(corpus, index)
    _check_tree(version, version.provisions, 0, len(version.text))
    payload = json.loads(json.dumps(version_dict(version)))
    text = payload["text"]
    flat = list(version.walk())

    def visit(nodes: list[dict], out: list[dict]) -> list[dict]:
        for node in nodes:
            out.append(node)
            visit(node["children"], out)
        return out

    nodes = visit(payload["provisions"], [])
    assert [n["path"] for n in nodes] == [p.path for p in flat]
    assert len({n["path"] for n in nodes}) == len(nodes)  # paths are unique
    for node, provision in zip(nodes, flat):
        assert text[node["start"] : node["end"]] == version.slice(provision.start, provision.end)
        if node["label"].startswith("("):
            assert text[node["start"] :].startswith(node["label"])
        if node["kind"] in ("bill_section", "code_section"):
            assert node["id"].startswith("id_")
