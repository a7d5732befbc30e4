"""USLM 2.x reader: metadata, paths, quoted blocks, appropriations, alignment between stages."""

from __future__ import annotations

import functools

import pytest

from lexdiff.diff import align_provisions
from lexdiff.errors import FormatError
from lexdiff.ingest import read_version
from lexdiff.ingest.uslm import read_uslm
from conftest import CORPUS

@functools.lru_cache(maxsize=None)
def _read(name: str):
    return read_version(str(CORPUS / "us" / name))


def us(name: str):
    if CORPUS is None:
        pytest.skip("shared corpus not found (set LEXDIFF_CORPUS or place it at ../shared/corpus)")
    return _read(name)


# file, congress, type, number, stage, label, date, provisions at least
METADATA = [
    ("2019-hr1037/116hr1037-eh.uslm.xml", "116", "HR", "1037", "eh", "Engrossed in House", "2019-05-14", 20),
    ("2019-hr1037/116hr1037-rfs.uslm.xml", "116", "HR", "1037", "rfs", "Referred in Senate", "2019-05-15", 20),
    ("2019-hr1058/116hr1058-rds.uslm.xml", "116", "HR", "1058", "rds", "Received in Senate", "2019-07-24", 80),
    ("2019-hr1058/116hr1058-enr.uslm.xml", "116", "HR", "1058", "enr", "Enrolled Bill", None, 80),
    ("2019-hr2157/116hr2157-ih.uslm.xml", "116", "HR", "2157", "ih", "Introduced in House", "2019-04-09", 200),
    ("2019-hr2157/116hr2157-enr.uslm.xml", "116", "HR", "2157", "enr", "Enrolled Bill", None, 150),
    ("2019-sconres13/116sconres13-rfh.uslm.xml", "116", "SCONRES", "13", "rfh", "Referred in House", None, 20),
    ("2019-sconres13/116sconres13-es.uslm.xml", "116", "SCONRES", "13", "es", "Engrossed in Senate", None, 20),
    ("2019-sconres13/116sconres13-ats.uslm.xml", "116", "SCONRES", "13", "ats", "Agreed to Senate", None, 20),
    ("2020-hjres107/116hjres107-eh.uslm.xml", "116", "HJRES", "107", "eh", "Engrossed in House", "2020-12-18", 4),
    ("2020-hjres107/116hjres107-rds.uslm.xml", "116", "HJRES", "107", "rds", "Received in Senate", "2020-12-18",
     4),
    ("2020-hjres107/116hjres107-enr.uslm.xml", "116", "HJRES", "107", "enr", "Enrolled Bill", None, 4),
]


@pytest.mark.parametrize("name,congress,kind,number,stage,label,date,count", METADATA,
                         ids=[m[0].split("/")[1] for m in METADATA])
def test_metadata_and_clean_text(name, congress, kind, number, stage, label, date, count):
    version = us(name)
    assert version.format == "uslm"
    assert version.bill.jurisdiction == "US"
    assert (version.bill.session, version.bill.type, version.bill.number) == (congress, kind, number)
    assert version.state == stage
    assert version.label == label
    if date:
        assert version.date == date
    assert version.id == f"{congress}{kind.lower()}{number}{stage}"
    assert len(list(version.walk())) >= count
    # Canonical text: no markup, none of the preface/attestation furniture.
    assert "<" not in version.text and "xmlns" not in version.text
    assert "Disclaimer" not in version.text
    assert "Attest" not in version.text and "Clerk" not in version.text
    assert f"{congress}th CONGRESS" not in version.text
    assert version.text == version.text.strip() and "\n\n" not in version.text
    for provision in version.walk():
        assert 0 <= provision.start <= provision.end <= len(version.text)
    paths = [p.path for p in version.walk()]
    assert len(paths) == len(set(paths))


def test_hr1037_paths_headings_and_ids():
    version = us("2019-hr1037/116hr1037-eh.uslm.xml")
    section = version.find("SEC. 2")
    assert section.kind == "section"
    assert section.heading.startswith("REPORT ON FINANCIAL SERVICES BENEFITTING")
    assert section.id == "H2D5655B04C0B4934993F61295477B71A"
    assert section.attrs["identifier"] == "/us/bill/116/hr/1037/s2"
    first = version.find("SECTION 1") or version.find("SEC. 1")
    assert first.path == "SEC. 1" and first.heading == "SHORT TITLE"
    sub = version.find("SEC. 2 > (a)")
    assert sub.kind == "subdivision" and sub.heading == "In General"
    clause = version.find("SEC. 2 > (a)(2)(B)(iii)")
    assert clause.kind == "clause"
    assert version.text[clause.start:clause.end] == "(iii) Executive Order No. 13818."
    assert version.text[sub.start:].startswith("(a) In General.\u2014Not later than 180 days")
    assert version.find("SEC. 4 > (1)").heading == "Financial institution"
    assert version.bill.title == "Banking Transparency for Sanctioned Persons Act of 2019"


def test_quoted_content_is_not_the_bills_structure():
    version = us("2019-hr1058/116hr1058-enr.uslm.xml")
    quoted = version.find("SEC. 2 > (2)(B) > quoted (D)")
    assert quoted is not None and quoted.kind == "quoted_block"
    assert quoted.children == ()
    body = version.text[quoted.start:quoted.end]
    assert body.startswith("\u201c(D) Reducing disparities.\u2014The Director may consider")
    # The inserted subparagraph (D) never appears as a provision of the bill.
    assert not any(p.path.endswith("(D)") for p in version.walk() if p.kind != "quoted_block")
    # The "." printed after the closing quote stays with the quoted text's line.
    assert version.text[quoted.end:quoted.end + 2] == ".\n"
    big = version.find("SEC. 3 > (d)(2)(C)(iii) > quoted (C)")
    assert big.attrs["quoted_labels"][:3] == ["\u201c(C)", "\u201c(D)", "\u201c(i)"]


def test_appropriations_headings_nest_by_level():
    version = us("2019-hr2157/116hr2157-ih.uslm.xml")
    account = version.find(
        "TITLE II > Economic Development Administration > economic development assistance programs"
    )
    assert account.kind == "appropriation" and account.attrs["level"] == "small"
    text = version.text[account.start:account.end]
    # "(including transfers of funds)" qualifies the account, and the amount
    # that follows belongs to it.
    assert "(including transfers of funds)" in text and "$600,000,000" in text
    noaa = version.find("TITLE II > National Oceanic and Atmospheric Administration > "
                        "operations, research, and facilities")
    assert [c.label for c in noaa.children][:2] == ["(1)", "(2)"]
    # Numbered sections after the account headings belong to the title.
    assert version.find("TITLE I > SEC. 101").kind == "section"


def test_stage_alignment_follows_persistent_ids():
    old = us("2019-hr1037/116hr1037-eh.uslm.xml")
    new = us("2019-hr1037/116hr1037-rfs.uslm.xml")
    pairs = align_provisions(old, new)
    by_old = {p.old_path: p for p in pairs if p.old is not None}
    assert by_old["SEC. 2 > (a)(2)(B)(ii)"].method == "id"
    assert all(p.status == "unchanged" for p in pairs)


def test_stage_alignment_follows_renumbered_sections():
    # The enrolled H.R. 2157 is the Senate's rewrite: GPO ids differ, and
    # section 102 of the introduced bill became section 101.
    pairs = align_provisions(us("2019-hr2157/116hr2157-ih.uslm.xml"), us("2019-hr2157/116hr2157-enr.uslm.xml"))
    by_old = {p.old_path: p for p in pairs if p.old is not None}
    assert by_old["TITLE I > SEC. 102"].new_path == "TITLE I > SEC. 101"
    assert by_old["TITLE I > SEC. 102"].status == "renumbered"
    assert by_old["TITLE I > AGRICULTURAL PROGRAMS > Office of the Secretary"].new_path == (
        "TITLE I > AGRICULTURAL PROGRAMS > Office of the Secretary"
    )


def test_resolution_sections_without_numbers():
    version = us("2020-hjres107/116hjres107-eh.uslm.xml")
    sections = [p for p in version.provisions if p.kind == "section"]
    assert [p.path for p in sections] == ["section", "section #2"]
    assert "December 20, 2020" in version.text[sections[0].start:sections[0].end]


MINIMAL = b"""<?xml version="1.0"?><bill xmlns="http://schemas.gpo.gov/xml/uslm" xmlns:dc="http://purl.org/dc/elements/1.1/">
<meta><dc:title>117 S 9 IS: A test bill.</dc:title><citableAs>117 S 9 IS</citableAs><docStage>Introduced in Senate</docStage></meta>
<main><section id="s1"><num value="1">SECTION 1. </num><heading>DEFINITIONS.</heading>
<subsection id="s1a"><num value="a">(a) </num><content>Section 5 is amended by adding:
<quotedContent><section><num>\xe2\x80\x9cSEC. 6. </num><heading>NEW.</heading><subsection><num>(a) </num><content>Text.\xe2\x80\x9d</content></subsection></section></quotedContent><inline role="after-quoted-block">.</inline></content></subsection>
</section></main></bill>"""


def test_minimal_bill_without_corpus():
    version = read_uslm(MINIMAL, "s9.xml")
    assert (version.bill.type, version.bill.number, version.state) == ("S", "9", "is")
    assert [p.path for p in version.walk()] == ["SEC. 1", "SEC. 1 > (a)", "SEC. 1 > (a) > quoted SEC. 6"]
    assert version.text == (
        "SECTION 1. DEFINITIONS.\n(a) Section 5 is amended by adding:\n\u201cSEC. 6. NEW.\n(a) Text.\u201d."
    )


def test_not_uslm_is_an_error():
    with pytest.raises(FormatError, match="not USLM"):
        read_uslm(b"<?xml version='1.0'?><bill><legis-body/></bill>", "x.xml")
    with pytest.raises(FormatError, match="no <main>"):
        read_uslm(b"<bill xmlns='http://schemas.gpo.gov/xml/uslm'><meta/></bill>", "x.xml")


def test_sconres_recitals_and_paragraphs():
    version = us("2019-sconres13/116sconres13-ats.uslm.xml")
    recitals = version.find("Recitals")
    assert [c.path for c in recitals.children][:2] == ["Recitals > recital 1", "Recitals > recital 2"]
    assert version.find("Recitals > recital 15(2)(A)").kind == "subparagraph"
    assert version.text[recitals.start:].startswith("Whereas the Taiwan Relations Act")
    assert version.find("section > (9)").kind == "paragraph"


# old stage, new stage, a provision that must pair with itself
STAGE_PAIRS = [
    ("2019-hr1058/116hr1058-rds.uslm.xml", "2019-hr1058/116hr1058-enr.uslm.xml", "SEC. 3 > (b)(4)(C)"),
    ("2019-sconres13/116sconres13-es.uslm.xml", "2019-sconres13/116sconres13-rfh.uslm.xml", "Recitals"),
    ("2019-sconres13/116sconres13-rfh.uslm.xml", "2019-sconres13/116sconres13-ats.uslm.xml", "Recitals"),
    ("2020-hjres107/116hjres107-eh.uslm.xml", "2020-hjres107/116hjres107-rds.uslm.xml", "section"),
    ("2020-hjres107/116hjres107-rds.uslm.xml", "2020-hjres107/116hjres107-enr.uslm.xml", "section #2"),
]


@pytest.mark.parametrize("old,new,path", STAGE_PAIRS, ids=[f"{p[0].split('-')[-1][:-9]}-{p[1].split('-')[-1][:-9]}"
                                                          for p in STAGE_PAIRS])
def test_every_stage_pair_aligns_provision_for_provision(old, new, path):
    pairs = align_provisions(us(old), us(new))
    # Only the long title may differ in kind (one stage prints just
    # "CONCURRENT RESOLUTION"); every recital and paragraph pairs up.
    assert not [p for p in pairs if p.status in ("added", "removed") and (p.old or p.new).kind != "digest"]
    by_old = {p.old_path: p for p in pairs}
    assert by_old[path].new_path == path
