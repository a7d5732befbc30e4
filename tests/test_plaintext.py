"""Plain-text reader: decoding, layout cleanup, structure, agreement with CAML.

The snippets below are our own wording, laid out the way New York and
California print bills; no bill text is copied.
"""

from __future__ import annotations

import importlib.util
import textwrap

import pytest

from conftest import SAMPLES, requires_corpus
from lexdiff.errors import InputError
from lexdiff.ingest import detect_format, read_version
from lexdiff.ingest.plaintext import decode_text, read_text, structure_from_text
from lexdiff.model import rebuild_previous_text, words

SAMPLE = SAMPLES / "frontier-act"
VERSIONS = ["01-introduced", "02-amended-senate", "03-amended-assembly", "04-enrolled"]
HAS_CAML = importlib.util.find_spec("lexdiff.ingest.caml") is not None


def _rows(version):
    return [
        (p.path, p.kind, p.label, p.heading, " ".join(version.text[p.start : p.end].split()))
        for p in version.walk()
    ]


def _paths(version):
    return [p.path for p in version.walk()]


# ---------------------------------------------------------------------------
# The sample bill: plain text and CAML give the same model


@pytest.mark.skipif(not HAS_CAML, reason="lexdiff.ingest.caml (the CAML reader) is not available yet")
@pytest.mark.parametrize("name", VERSIONS)
def test_sample_plain_text_matches_caml(name):
    caml = read_version(str(SAMPLE / f"{name}.xml"))
    text = read_version(str(SAMPLE / f"{name}.txt"))
    assert text.format == "text"
    assert text.text == caml.text
    caml_rows, text_rows = _rows(caml), _rows(text)
    for a, b in zip(caml_rows, text_rows):
        assert a == b
    assert len(caml_rows) == len(text_rows)
    assert (text.label, text.date, text.state) == (caml.label, caml.date, caml.state)
    assert (text.bill.type, text.bill.number, text.bill.jurisdiction) == ("SB", "1188", "CA")


@pytest.mark.skipif(not HAS_CAML, reason="lexdiff.ingest.caml (the CAML reader) is not available yet")
@pytest.mark.parametrize("index", [1, 2, 3], ids=["01-02", "02-03", "03-04"])
def test_sample_caml_marks_rebuild_previous_version(index):
    previous = read_version(str(SAMPLE / f"{VERSIONS[index - 1]}.xml"))
    current = read_version(str(SAMPLE / f"{VERSIONS[index]}.xml"))
    assert words(rebuild_previous_text(current)) == words(previous.text)


def test_sample_structure_from_plain_text():
    version = read_version(str(SAMPLE / "01-introduced.txt"))
    paths = _paths(version)
    assert paths[:3] == ["Title", "Digest", "Digest > (1)"]
    assert "SEC. 2 > Chapter 22.7" in paths
    assert "SEC. 2 > BPC 22604.6 > (a)(1)" in paths
    # Five levels, and (i) after (h) is a subdivision while (i) under (B) is a clause.
    deep = version.find("SEC. 2 > BPC 22602 > (a)(2)(B)(ii)(II)")
    assert deep is not None and deep.kind == "subclause"
    assert version.find("SEC. 2 > BPC 22601 > (i)").kind == "subdivision"
    assert version.find("SEC. 2 > BPC 22602 > (a)(2)(B)(i)").kind == "clause"
    assert version.find("SEC. 2 > BPC 22601 > (h)(1)").kind == "paragraph"
    assert (version.label, version.date, version.state) == ("Introduced", "2027-01-11", "INT")
    assert version.meta["digest_key"]["LocalProgram"] == "YES"
    bill_section = version.find("SEC. 2")
    assert bill_section.attrs["code"] == "BPC"
    assert "is added to Division 8" in bill_section.attrs["action_text"]


def test_sample_text_is_detected_as_text():
    data = (SAMPLE / "02-amended-senate.txt").read_bytes()
    assert detect_format(data, "x.txt") == "text"
    version = read_version(str(SAMPLE / "02-amended-senate.txt"))
    assert (version.label, version.date, version.state) == ("Amended in Senate", "2027-03-18", "AMD")
    assert version.find("SEC. 2 > BPC 22604.8") is not None


# ---------------------------------------------------------------------------
# Decoding


def test_utf16_with_bom_is_decoded():
    text = "SECTION 1. The Legislature finds that caf\u00e9 owners \u201cmatter\u201d.\n"
    for encoded in (b"\xff\xfe" + text.encode("utf-16-le"), b"\xfe\xff" + text.encode("utf-16-be")):
        version = read_text(encoded, "bill.txt")
        assert "caf\u00e9 owners \u201cmatter\u201d" in version.text
        assert version.find("SEC. 1") is not None


def test_utf8_bom_and_crlf():
    data = b"\xef\xbb\xbfSECTION 1. The act applies.\r\nSEC. 2. It ends.\r\n"
    version = read_text(data, "bill.txt")
    assert version.text == "SECTION 1.\nThe act applies.\nSEC. 2.\nIt ends."


def test_latin1_bytes_are_an_input_error_naming_the_file():
    data = "SECTION 1. The caf\u00e9 \u00a7 rule.".encode("latin-1")
    with pytest.raises(InputError) as caught:
        read_text(data, "old-bill.txt")
    message = str(caught.value)
    assert message.startswith("old-bill.txt: ")
    assert "UTF-8" in message and "offset" in message


def test_explicit_encoding_is_honoured(monkeypatch):
    data = "SECTION 1. The caf\u00e9 rule.".encode("cp1252")
    assert "caf\u00e9" in decode_text(data, "x.txt", encoding="cp1252")
    monkeypatch.setenv("LEXDIFF_TEXT_ENCODING", "cp1252")
    assert "caf\u00e9" in read_text(data, "x.txt").text


# ---------------------------------------------------------------------------
# Layout cleanup

NY_STYLE = """\
                STATE OF NEW YORK
        ________________________________________________________________

                                   4321

                               I N  S E N A T E

                                  March 3, 2027
                                   ___________

        Introduced  by  Sen. PLOVER -- read twice and ordered printed

        AN  ACT to amend the general business law, in relation to the audit of
          automated scheduling tools

          The  People of the State of New York, represented in Senate and Assem-
        bly, do enact as follows:

     1    Section 1. The general business law is amended by adding a new section
     2  399-qqq to read as follows:
     3    § 399-qqq. Automated scheduling tools. For the purposes of this section:
     4    (a) "Scheduling tool" means any program that assigns shifts to work-
     5  ers without review by a person.
     6    (b) "Audit" means a review by an independent reviewer of the effect of
     7  a scheduling tool on workers described in subdivision
     8  (a) of this section.
        EXPLANATION--Matter in italics (underscored) is new; matter in brackets
                             [ ] is old law to be omitted.
                                                                  LBD04321-01-7
        S. 4321                             2

     1    (c) An employer shall keep each audit for three years.
     2    § 2. This act shall take effect on the ninetieth day after it shall
     3  have become a law.
        S. 4321                             3

     1    § 3. Nothing in this act limits any other remedy of a worker.
"""


def test_new_york_line_numbers_and_page_heads_are_stripped():
    version = structure_from_text(NY_STYLE, path="ny.txt")
    assert "S. 4321" not in version.text
    assert "EXPLANATION" not in version.text and "LBD04321" not in version.text
    for line in version.text.split("\n"):
        assert not line[:2].strip().isdigit(), line
    assert "shifts to workers without review" in version.text  # hyphenated across a numbered line
    assert "described in subdivision (a) of this section." in version.text  # wrapped reference kept
    assert "Senate and Assembly, do enact" in version.text
    paths = _paths(version)
    assert paths == [
        "Title",
        "Preamble",
        "SEC. 1",
        "SEC. 1 > 399-qqq",
        "SEC. 1 > 399-qqq > (a)",
        "SEC. 1 > 399-qqq > (b)",
        "SEC. 1 > 399-qqq > (c)",
        "SEC. 2",
        "SEC. 3",
    ]
    # The (c) paragraph on page 2 continues section 399-qqq across the page head.
    assert version.find("SEC. 1 > 399-qqq > (c)").kind == "subdivision"
    assert version.find("SEC. 1 > 399-qqq").heading == "Automated scheduling tools."
    assert version.bill.jurisdiction == "NY"


CA_PDF_STYLE = """\
                         AMENDED IN ASSEMBLY JUNE 2, 2031
SENATE BILL                                         No. 77
Introduced by Senator Ferro
February 1, 2031
1 An act to add Section 1799.5 to the Civil Code, relating to
2 drones.
          LEGISLATIVE COUNSEL'S DIGEST
3 SB 77, as amended, Ferro. Drones: notice.
4 This bill would require an operator to post a notice, as specified.
5 The people of the State of California do enact as follows:
6 SECTION 1. Section 1799.5 is added to the Civil Code, to read:
7 1799.5. (a) An operator of a drone shall post a notice at each
8 launch site that states the operator's name and a tele-
9 phone number at which the operator can be reached, as re-
10 quired by subdivision
11 (b) of Section 1799.4.
12 (b) The notice shall be legible from a distance of ten feet.
"""


def test_california_margin_numbers_digest_and_code_section():
    version = structure_from_text(CA_PDF_STYLE, path="sb77.txt")
    assert (version.label, version.date, version.state) == ("Amended in Assembly", "2031-06-02", "AMD")
    assert (version.bill.type, version.bill.number) == ("SB", "77")
    assert _paths(version) == [
        "Title",
        "Digest",
        "Preamble",
        "SEC. 1",
        "SEC. 1 > CIV 1799.5",
        "SEC. 1 > CIV 1799.5 > (a)",
        "SEC. 1 > CIV 1799.5 > (b)",
    ]
    digest = version.find("Digest")
    assert digest.heading == "Drones: notice."
    a = version.find("SEC. 1 > CIV 1799.5 > (a)")
    assert version.text[a.start : a.end] == (
        "(a) An operator of a drone shall post a notice at each launch site that states the "
        "operator's name and a telephone number at which the operator can be reached, as "
        "required by subdivision (b) of Section 1799.4."
    )


US_TEXT_STYLE = """\
121st CONGRESS
  1st Session
                                H. R. 9090

  To require testing of frontier models before their release.

_______________________________________________________________________

                    IN THE HOUSE OF REPRESENTATIVES

                             February 2, 2029

Ms. Okafor introduced the following bill; which was referred to the
               Committee on Energy and Commerce

_______________________________________________________________________

                                 A BILL

  To require testing of frontier models before their release.

    Be it enacted by the Senate and House of Representatives of the
United States of America in Congress assembled,

SECTION 1. SHORT TITLE.

    This Act may be cited as the ``Model Testing Act''.

SEC. 2. TESTING.

    (a) In General.--A developer shall test each frontier model
before release.
            (1) Scope.--The test shall cover the model's
        capabilities.
    (b) Exception.--Subsection (a) does not apply to a model used
only for research.
"""


def test_congressional_plain_text_layout():
    version = structure_from_text(US_TEXT_STYLE, path="hr9090.txt")
    assert (version.bill.jurisdiction, version.bill.session, version.bill.type, version.bill.number) == (
        "US", "121", "HR", "9090")
    assert (version.label, version.date) == ("Introduced", "2029-02-02")
    assert version.text.split("\n")[0] == "A BILL To require testing of frontier models before their release."
    assert _paths(version) == ["Title", "Preamble", "SEC. 1", "SEC. 2", "SEC. 2 > (a)", "SEC. 2 > (a)(1)", "SEC. 2 > (b)"]
    assert version.find("SEC. 1").heading == "SHORT TITLE."
    assert "the model's capabilities." in version.text


@pytest.mark.parametrize(
    ("lines", "joined"),
    [
        ("the business is regu-\nlated by the department.", "the business is regulated by the department."),
        ("a machine-based system and a machine-\nbased rule.", "a machine-based system and a machine-based rule."),
        ("a third party; a notice to a third-\nparty auditor.", "a third party; a notice to a third-party auditor."),
        ("spam-\nand robocall-filtering tools.", "spam- and robocall-filtering tools."),
        ("Section 6-1-\n1701 applies.", "Section 6-1-1701 applies."),
        ("the deployer shall re-\nview the decision, and review it again.", "the deployer shall review the decision, and review it again."),
        ("a self\u00ad\nexecuting rule and a cyber\u00adsecurity duty.", "a selfexecuting rule and a cybersecurity duty."),
    ],
    ids=["syllable", "compound-seen", "parts-seen", "suspended", "citation", "joined-seen", "soft-hyphen"],
)
def test_hyphenation_repair(lines, joined):
    version = structure_from_text(lines, path="x.txt")
    assert version.text == joined


@pytest.mark.parametrize(
    ("text", "label", "kind"),
    [
        ("SECTION 1. The act applies.", "SEC. 1", "bill_section"),
        ("SEC. 12. The act applies.", "SEC. 12", "bill_section"),
        ("Section 3. The act applies.", "SEC. 3", "bill_section"),
        ("\u00a7 4. The act applies.", "SEC. 4", "bill_section"),
        ("22757.11. For purposes of this chapter:", "22757.11", "code_section"),
        ("6-1-1701. Definitions.", "6-1-1701", "code_section"),
        ("CHAPTER 25.1. Transparency Rules", "25.1", "chapter"),
        ("ARTICLE 2. Reports", "2", "article"),
    ],
)
def test_headings(text, label, kind):
    version = structure_from_text(text, path="x.txt")
    first = version.provisions[0]
    assert (first.label, first.kind) == (label, kind)


def test_chapter_sentence_is_not_a_heading():
    text = "SEC. 2.\nChapter 9 (commencing with Section 100) is added to the Civil Code, to read:"
    version = structure_from_text(text, path="x.txt")
    assert [p.kind for p in version.walk()] == ["bill_section"]
    assert version.provisions[0].attrs["code"] == "CIV"


def test_catchline_and_label_on_the_section_line():
    text = "SECTION 5. Effective date - applicability. (1) Except as provided, this act applies.\n(2) Nothing."
    version = structure_from_text(text, path="x.txt", label_style="co")
    section = version.find("SEC. 5")
    assert section.heading == "Effective date - applicability."
    assert _paths(version) == ["SEC. 5", "SEC. 5 > (1)", "SEC. 5 > (2)"]


def test_date_from_file_name_when_the_text_has_none():
    version = structure_from_text("SECTION 1. Text.", path="bills/sb9-2030-04-05.txt")
    assert version.date == "2030-04-05"


def test_label_style_parameter_is_checked():
    with pytest.raises(ValueError):
        structure_from_text("x", label_style="fr")


# ---------------------------------------------------------------------------
# Colorado session law, text layer extracted by pdftotext (corpus)


@requires_corpus
def test_colorado_session_law_pdftotext(corpus):
    path = corpus / "co" / "2024-sb205" / "sb26-189-session-law-2026-ch131.pdftotext-raw.txt"
    version = read_version(str(path))
    assert version.bill.jurisdiction == "CO"
    assert (version.bill.type, version.bill.number) == ("SB", "26-189")
    # As from the PDF of the same act: the session from the number, the
    # date and label from "Approved: May 14, 2026" on the last page.
    assert (version.bill.session, version.label, version.date) == ("2026", "Approved", "2026-05-14")
    assert version.meta["label_style"] == "co"
    # Running heads and the legend are gone; paragraphs continue across pages.
    assert "Consumer and Commercial Transactions" not in version.text
    assert "Capital letters" not in version.text and ")))))" not in version.text
    assert version.meta["amendment_typography"] == "capitals are new material"
    assert "ELIGIBILITY FOR, SELECTION FOR, COMPENSATION FOR" in version.text
    codes = [p.label for p in version.walk() if p.kind == "code_section"]
    assert codes[:9] == [f"6-1-170{n}" for n in range(1, 10)]
    assert codes[9:] == ["6-1-105", "10-3-1104.9"]
    assert [p.label for p in version.walk() if p.kind == "bill_section"] == [f"SEC. {n}" for n in range(1, 7)]
    definitions = version.find("SEC. 1 > CRS 6-1-1701")
    assert definitions.heading == "Definitions."
    # Colorado order (1) > (a) > (I) > (A); "(I) NETWORKING" after "(H)" is a letter.
    networking = version.find("SEC. 1 > CRS 6-1-1701 > (2)(b)(I)(I)")
    assert networking is not None and "NETWORKING" in version.text[networking.start : networking.end]
    assert networking.attrs["style"] == "upper"
    assert version.find("SEC. 1 > CRS 6-1-1701 > (2)(b)(II)").attrs["style"] == "ROMAN"
    assert version.find("SEC. 1 > CRS 6-1-1701 > (3)(b)(IX)") is not None
    assert version.find("SEC. 1 > CRS 6-1-1701 > (17)") is not None
    # A wrapped cross-reference "(13), INCLUDING ..." opens no provision.
    rules = version.find("SEC. 1 > CRS 6-1-1706 > (5)(b)")
    assert "(13), INCLUDING" in version.text[rules.start : rules.end]
    assert version.find("SEC. 2 > CRS 6-1-105 > (1)(uuuu)") is not None
    assert version.find("SEC. 5").heading == "Effective date - applicability."
    heading = version.find("SEC. 1 > CRS 6-1-1704").heading
    assert heading.startswith("Deployer disclosures - point-of-interaction notice") and heading.endswith("rules.")


@requires_corpus
def test_california_caml_corpus_text_is_readable_as_text(corpus, tmp_path):
    """Plain text made from a real CAML version (via the CAML reader) reads back to the same tree."""
    if not HAS_CAML:
        pytest.skip("lexdiff.ingest.caml (the CAML reader) is not available yet")
    for source in sorted((corpus / "ca" / "2025-sb53").glob("*.xml")):
        caml = read_version(str(source))
        # One paragraph per line, as a plain export would have it.
        version = structure_from_text(caml.text, path=source.name)
        # The canonical text has no digest heading, so only the bill
        # sections can be compared.
        code_sections = [p.path for p in caml.walk() if p.kind == "code_section"]
        assert [p.path for p in version.walk() if p.kind == "code_section"] == code_sections, source.name
        kinds = ("subdivision", "paragraph", "subparagraph", "clause", "subclause")
        subdivisions = [p.path for p in caml.walk() if p.kind in kinds and p.path.startswith("SEC.")]
        got = [p.path for p in version.walk() if p.kind in kinds and p.path.startswith("SEC.")]
        assert got == subdivisions, source.name


def test_snippet_without_structure_is_one_paragraph():
    text = textwrap.dedent(
        """\
        This is a note about a bill, wrapped
        over two lines.
        """
    )
    version = structure_from_text(text, path="note.txt")
    assert version.text == "This is a note about a bill, wrapped over two lines."
    assert version.provisions == ()


# ---------------------------------------------------------------------------
# Invariants


def _generator():
    spec = importlib.util.spec_from_file_location(
        "make_sample_caml_for_plaintext", SAMPLE.parent.parent.parent / "scripts" / "make_sample_caml.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    import sys

    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("width", [44, 60, 96, 140])
def test_reflow_does_not_depend_on_line_width(width, monkeypatch):
    """The same bill printed at another width reads to the same text and tree."""
    generator = _generator()
    for name in VERSIONS:
        source = generator.parse_source(SAMPLE / "src" / f"{name}.bill")
        reference = read_version(str(SAMPLE / f"{name}.txt"))
        monkeypatch.setattr(generator, "WIDTH", width)
        version = structure_from_text(generator.plain_text(source), path=f"{name}.txt")
        monkeypatch.undo()
        assert version.text == reference.text, (name, width)
        assert _rows(version) == _rows(reference), (name, width)


@pytest.mark.parametrize("name", VERSIONS)
def test_sample_without_first_line_indents(name, monkeypatch):
    """Flush-left text (a PDF text layer loses indents): labels, headings and
    unforced line breaks still find the paragraphs."""
    generator = _generator()
    source = generator.parse_source(SAMPLE / "src" / f"{name}.bill")
    reference = read_version(str(SAMPLE / f"{name}.txt"))
    monkeypatch.setattr(generator.wrap, "__defaults__", ("",))
    version = structure_from_text(generator.plain_text(source), path=f"{name}.txt")
    assert _paths(version) == _paths(reference)
    if name == "01-introduced":
        # Digest paragraph (2) ends on a full line ("... making that
        # reimbursement.") so nothing shows that the next one starts there.
        assert len(version.text.split("\n")) == len(reference.text.split("\n")) - 1
    else:
        assert version.text == reference.text


def _paginate_like_a_california_pdf(text: str, per_page: int = 25) -> str:
    """The printed text with margin line numbers, page heads and version-number footers."""
    pages: list[list[str]] = [[]]
    for line in text.split("\n"):
        if len(pages[-1]) == per_page:
            pages.append([])
        pages[-1].append(line)
    out: list[str] = []
    for number, page in enumerate(pages, 1):
        if number > 1:
            out.append(f"\fSB 1188                      \u2014 {number} \u2014")
            out.append("")
        counter = 0
        for line in page:
            if line.strip():
                counter += 1
                out.append(f"{counter:>2}  {line}")
            else:
                out.append("")
        out.append("")
        out.append("                                   98")
    return "\n".join(out)


@pytest.mark.parametrize("name", VERSIONS)
def test_sample_with_pdf_page_furniture_reads_the_same(name):
    reference = read_version(str(SAMPLE / f"{name}.txt"))
    printed = _paginate_like_a_california_pdf((SAMPLE / f"{name}.txt").read_text(encoding="utf-8"))
    version = structure_from_text(printed, path=f"{name}.txt")
    assert version.text == reference.text
    assert _rows(version) == _rows(reference)
    assert (version.label, version.date, version.state) == (reference.label, reference.date, reference.state)


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_PIECES = st.sampled_from(
    ["SECTION 1. ", "SEC. 2. ", "\u00a7 3. ", "22601. ", "6-1-1701. Definitions. ", "CHAPTER 2. Rules", "(a) ",
     "(1) ", "(i) ", "(I) ", "(A) ", "regu-", "lated ", "third-", "party ", "shall ", "the Code, to read:",
     "An act to add ", "LEGISLATIVE COUNSEL\u2019S DIGEST", "The people of the State of California do enact as follows:",
     "S. 12   3", "\n", "\n\n", "\f", "  ", "word ", ".", ";", ":", " 7 "]
)


@settings(max_examples=200, deadline=None)
@given(st.lists(_PIECES, max_size=60))
def test_any_text_gives_a_well_formed_tree(pieces):
    version = structure_from_text("".join(pieces), path="x.txt")
    text = version.text
    assert "\n\n" not in text and not text.startswith((" ", "\n")) and not text.endswith((" ", "\n"))

    def check(provisions, lo, hi):
        previous_end = lo
        for p in provisions:
            assert lo <= p.start <= p.end <= hi
            assert p.start >= previous_end
            previous_end = p.end
            check(p.children, p.start, p.end)

    check(version.provisions, 0, len(text))


def _long(words: int, seed: str) -> str:
    return " ".join(f"{seed}{k}" for k in range(words))


def test_unwrapped_text_breaks_at_every_line():
    # Saved from a web page: one paragraph per line, so a line that ends
    # without a stop still ends its item, and the next line's "(b)" opens one.
    lines = [
        "SEC. 1. Duties.",
        "(a) " + _long(45, "alpha") + " subject to paragraph",
        "(b) A developer shall report " + _long(40, "beta") + ".",
        "An unlabelled paragraph with no stop",
        "(c) " + _long(40, "gamma") + ".",
    ]
    version = structure_from_text("\n".join(lines), path="x.txt")
    assert [p.path for p in version.walk()] == ["SEC. 1", "SEC. 1 > (a)", "SEC. 1 > (b)", "SEC. 1 > (c)"]
    assert version.text == "\n".join(lines)  # every break kept


def test_wrapped_text_keeps_a_wrapped_cross_reference():
    # The same line shapes at a printed width: "(b) of Section 3" continues.
    text = "SEC. 1. Duties.\n(a) A developer shall comply with\nsubdivision\n(b) of Section 3 of this act.\n(b) The duty applies."
    version = structure_from_text(text, path="x.txt")
    assert [p.path for p in version.walk()] == ["SEC. 1", "SEC. 1 > (a)", "SEC. 1 > (b)"]


def test_a_list_connector_alone_on_its_line_ends_the_item():
    text = ("6-1-1703. Duties.\n(3) (a) A deployer shall:\n(I) complete an impact assessment for the\nsystem;\nand\n"
            "(II) review the assessment at least annually.")
    version = structure_from_text(text, path="x.txt", label_style="co")
    assert [p.path for p in version.walk()][-2:] == ["6-1-1703 > (3)(a)(I)", "6-1-1703 > (3)(a)(II)"]
