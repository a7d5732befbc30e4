"""Akoma Ntoso reader: AKN 2.0 (Kenya), 3.0 (EU, UK) and AKN4EU collections."""

from __future__ import annotations

import functools

import pytest

from lexdiff.diff import align_provisions
from lexdiff.errors import FormatError
from lexdiff.ingest import read_version
from lexdiff.ingest.akn import read_akn
from conftest import CORPUS


@functools.lru_cache(maxsize=None)
def _read(name: str):
    return read_version(str(CORPUS / "akn" / name))


def akn(name: str):
    if CORPUS is None:
        pytest.skip("shared corpus not found (set LEXDIFF_CORPUS or place it at ../shared/corpus)")
    return _read(name)


KENYA_1 = "ke-2006-ict-bill/2006-02-10.akn2.xml"
KENYA_2 = "ke-2006-ict-bill/2006-12-19.akn2.xml"
UK = "uk-1998-dpa/ukpga-1998-29.akn3.xml"
COM = "eu-2013-com619/COM(2013)0619_EN.akn3.xml"
COUNCIL_MAIN = "eu-2011-com925-council-position/main.akn4eu.xml"
COUNCIL_BILL = "eu-2011-com925-council-position/bill_123.akn4eu.xml"

# file, jurisdiction, type, number, version date, work date, provisions at least
METADATA = [
    (KENYA_1, "KE", "bill", "8", "2006-02-10", "2006-02-10", 20),
    (KENYA_2, "KE", "bill", "8", "2006-12-19", "2006-12-19", 8),
    (UK, "UK", "act", "29", "2017-10-31", "1998-07-16", 1900),
    (COM, "EU", "documentCollection", "619", "2013-09-17", "2013-09-17", 200),
    (COUNCIL_MAIN, "EU", "documentCollection", "11703/1/13", "2013-09-25", "2013-09-25", 80),
    (COUNCIL_BILL, "EU", "bill", "", None, None, 80),
]


@pytest.mark.parametrize("name,jurisdiction,kind,number,date,work_date,count", METADATA,
                         ids=[m[0].split("/")[-1] for m in METADATA])
def test_metadata_and_clean_text(name, jurisdiction, kind, number, date, work_date, count):
    version = akn(name)
    assert version.format == "akn"
    assert (version.bill.jurisdiction, version.bill.type, version.bill.number) == (jurisdiction, kind, number)
    assert version.date == date
    assert version.meta["work_date"] == work_date
    assert len(list(version.walk())) >= count
    assert "<" not in version.text.replace("<A", "").replace("<I", "")  # no markup
    assert "FRBR" not in version.text and "TLC" not in version.text
    paths = [p.path for p in version.walk()]
    assert len(paths) == len(set(paths))
    for provision in version.walk():
        assert 0 <= provision.start <= provision.end <= len(version.text)


def test_kenya_paths_and_frbr():
    version = akn(KENYA_1)
    assert version.id == "/ak/bill/2006-02-10/8/eng@"
    assert version.meta["frbr"]["expression_date"] == "2009-01-10"  # the XML edition, not the bill
    section = version.find("PART I > 1")
    assert section.kind == "section" and section.heading == "Short title and commencement"
    assert section.id == "sec1"
    assert version.find("PART I").heading == "PRELIMINARY"
    assert version.find("PART I > 2 > (1)(a)").kind == "point"
    assert version.find("PART I > 2 > (3)(a)(ii)") is not None
    assert "Gazette" in version.text[section.start:section.end]
    assert version.meta["attachments_not_included"][0].endswith("firstschedule.xml")


def test_kenya_number_inside_heading_is_split_out():
    version = akn(KENYA_2)
    part = version.find("A")
    assert part.kind == "part" and part.heading == "PART - PRELIMINARY"
    section = version.find("A > I")
    # Tagged <chapter> but holding the text of a section: read as one.
    assert section.kind == "section" and section.heading == "Short title and commencement"
    assert "~" not in version.text and "&lt;" not in version.text


def test_kenya_expressions_align_section_by_section():
    pairs = align_provisions(akn(KENYA_1), akn(KENYA_2))
    by_old = {p.old_path: p for p in pairs if p.old is not None}
    assert by_old["PART I"].new_path == "A" and by_old["PART I"].method == "id"
    assert by_old["PART I > 1"].new_path == "A > I" and by_old["PART I > 1"].similarity == 1.0
    assert by_old["PART I > 2"].new_path == "A > II"
    assert by_old["PART I > 2 > (2)"].new_path == "A > II > (II)"


def test_uk_act_structure():
    version = akn(UK)
    assert version.bill.title == "Data Protection Act 1998"
    subsection = version.find("Part I > 1 > (1)")
    assert subsection.kind == "subdivision" and subsection.id == "section-1-1"
    assert version.text[subsection.start:].startswith("(1) In this Act, unless the context otherwise requires")
    # Unnumbered definitions are cited by their term, so their lettered
    # paragraphs get unique paths.
    data = version.find("Part I > 1 > (1) > \u201cpersonal data\u201d")
    assert data.kind == "definition" and data.label == "personal data"
    assert version.find("Part I > 1 > (1) > \u201cprocessing\u201d > (d)").kind == "point"
    assert not [p.path for p in version.walk() if "#" in p.path]
    assert version.find("Part I > 1 > (2)(a)").id == "section-1-2-a"
    # Crossheadings are headings; the sections stay children of their Part.
    assert version.find("Part VI > Functions of Commissioner").kind == "subchapter"
    assert version.find("Part VI > 51").heading == "General duties of Commissioner"
    assert version.find("SCHEDULE 1").kind == "annex"
    quoted = version.find("Part VI > 62 > (2) > quoted 1")
    assert quoted.kind == "quoted_block" and quoted.children == ()
    # Repealed text (<del>) and editorial notes are not part of the text.
    assert "F1" not in version.text.split()


def test_collections():
    com = akn(COM)
    assert [p.path for p in com.provisions] == [
        "Cover page", "Preface", "explanation", "regulation", "financialStatement"
    ]
    regulation = com.find("regulation")
    assert regulation.kind == "body"
    # The explanatory memorandum and the financial statement explain the
    # proposal; like a Digest they are not law (no duties tagged there).
    assert com.find("explanation").kind == "digest"
    assert com.label == "Proposal"  # docStage "Proposal for a" (REGULATION ...)
    assert com.find("financialStatement").kind == "digest"
    article = com.find("regulation > CHAPTER I > Article 2")
    assert article.heading == "Definitions" and article.id == "art_2"
    assert com.find("regulation > CHAPTER III > Article 6 > (2)(f)").id == "art_6__para_2__list_1__point_f"
    assert com.find("regulation > Preamble > (5)").kind == "point"
    # A collection's component in another file is read from the same folder only.
    council = akn(COUNCIL_MAIN)
    assert council.meta["document_refs"][0]["loaded"] == "yes"
    assert council.find("DEC > Article 1 > (1)") is not None
    assert "EUR 30 million" in council.text


def test_placeholder_dates_are_ignored():
    version = akn(COUNCIL_BILL)
    assert version.date is None and "2999" not in str(version.meta.get("frbr"))


def test_external_component_outside_folder_is_refused(tmp_path):
    data = (b'<akomaNtoso xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0"><documentCollection>'
            b'<coverPage><p>Cover</p></coverPage><collectionBody><component>'
            b'<documentRef href="../secret.xml" showAs="x"/></component></collectionBody>'
            b'</documentCollection></akomaNtoso>')
    version = read_akn(data, str(tmp_path / "main.xml"))
    assert version.meta["document_refs"][0]["loaded"].startswith("refused")


MINIMAL = b"""<akomaNtoso xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0"><act>
<meta><identification source="#x"><FRBRWork><FRBRthis value="/akn/ke/act/2020/3/main"/><FRBRuri value="/akn/ke/act/2020/3"/>
<FRBRdate date="2020-05-01" name="Generation"/><FRBRcountry value="ke"/></FRBRWork>
<FRBRExpression><FRBRthis value="/akn/ke/act/2020/3/eng@2021-01-01/main"/><FRBRuri value="/akn/ke/act/2020/3/eng@2021-01-01"/>
<FRBRdate date="2021-01-01" name="amendment"/></FRBRExpression></identification></meta>
<body><section eId="sec_1"><num>1.</num><heading>Definitions</heading>
<subsection eId="sec_1__subsec_1"><num>(1)</num><content><p>In this Act\xe2\x80\x94</p>
<blockList eId="d1e20"><item eId="d1e21"><num>(a)</num><p>first;</p></item></blockList></content></subsection>
</section></body></act></akomaNtoso>"""


def test_minimal_act_without_corpus():
    version = read_akn(MINIMAL, "act.xml")
    assert (version.bill.jurisdiction, version.bill.number, version.bill.session) == ("KE", "3", "2020")
    assert version.date == "2021-01-01"  # a dated expression: the version's own date
    assert [p.path for p in version.walk()] == ["1", "1 > (1)", "1 > (1)(a)"]
    assert version.find("1 > (1)").id == "sec_1__subsec_1"
    # "d1e21" is an XSLT-generated id, not a persistent one.
    assert version.find("1 > (1)(a)").id == "path:1 > (1)(a)"
    assert version.text == "1. Definitions\n(1) In this Act\u2014\n(a) first;"


def test_not_akn_is_an_error():
    with pytest.raises(FormatError, match="not Akoma Ntoso"):
        read_akn(b"<?xml version='1.0'?><bill/>", "x.xml")
    with pytest.raises(FormatError, match="without a document"):
        read_akn(b"<akomaNtoso xmlns='http://www.akomantoso.org/2.0'><foo/></akomaNtoso>", "x.xml")


def test_cli_diff_between_kenya_expressions():
    if CORPUS is None:
        pytest.skip("shared corpus not found")
    import json

    from click.testing import CliRunner

    from lexdiff.cli import main

    old = str(CORPUS / "akn" / KENYA_1)
    new = str(CORPUS / "akn" / KENYA_2)
    result = CliRunner().invoke(main, ["diff", old, new, "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = {row["old"]: row for row in json.loads(result.stdout)["alignment"] if row["old"]}
    assert rows["PART I > 1"]["new"] == "A > I" and rows["PART I > 1"]["status"] == "renumbered"
    assert rows["PART I > 2 > (3)"]["new"] == "A > II > (III)"


def test_embedded_attachments_are_read_and_external_ones_listed():
    data = b"""<akomaNtoso xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0"><act><meta/>
<body><section eId="sec_1"><num>1.</num><heading>Title</heading><content><p>This Act.</p></content></section></body>
<attachments><attachment><doc name="schedule"><mainBody><paragraph eId="s1"><num>1.</num>
<content><p>Fees are set out here.</p></content></paragraph></mainBody></doc></attachment>
<componentRef src="/akn/ke/act/2020/3/eng/second.xml" showAs="Second Schedule"/></attachments></act></akomaNtoso>"""
    version = read_akn(data, "act.xml")
    assert [p.path for p in version.walk()] == ["1", "schedule", "schedule > (1)"]
    assert version.find("schedule").kind == "annex"
    assert version.text.endswith("1. Fees are set out here.")
    assert version.meta["attachments_not_included"] == ["/akn/ke/act/2020/3/eng/second.xml"]


def test_explanatory_memorandum_is_not_tagged_as_law():
    com = akn(COM)
    from lexdiff.nlp.pipeline import tag_version

    memo = com.find("explanation")
    tags = tag_version(com)
    duties = [t for t in tags if t.group == "deontic"]
    assert duties, "the regulation itself has duties"
    assert not [t for t in duties if memo.start <= t.start < memo.end]
