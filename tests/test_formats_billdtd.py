"""GPO bill DTD reader: H.R. 8752 as reported and as engrossed (an appropriations act)."""

from __future__ import annotations

import functools
import json

import pytest
from click.testing import CliRunner

from lexdiff.diff import align_provisions
from lexdiff.errors import FormatError
from lexdiff.ingest import read_version
from lexdiff.ingest.billdtd import read_billdtd
from conftest import CORPUS

ACCOUNT = (
    "TITLE I > DEPARTMENTAL MANAGEMENT, INTELLIGENCE, SITUATIONAL AWARENESS, AND OVERSIGHT > "
    "Office of the secretary and executive management > OPERATIONS AND SUPPORT"
)


@functools.lru_cache(maxsize=None)
def _read(stage: str):
    return read_version(str(CORPUS / "us" / "2024-hr8752" / f"118hr8752-{stage}.billdtd.xml"))


def hr8752(stage: str):
    if CORPUS is None:
        pytest.skip("shared corpus not found (set LEXDIFF_CORPUS or place it at ../shared/corpus)")
    return _read(stage)


@pytest.mark.parametrize(
    "stage,label,date", [("rh", "Reported in House", "2024-06-14"), ("eh", "Engrossed in House", "2024-06-28")],
    ids=["rh", "eh"],
)
def test_metadata(stage, label, date):
    version = hr8752(stage)
    assert version.format == "billdtd"
    assert version.bill.citation == "US HR 8752 (118)"
    assert version.bill.title == "Department of Homeland Security Appropriations Act, 2025"
    assert version.state == stage and version.label == label and version.date == date
    assert version.id == f"118hr8752{stage}"
    assert "<" not in version.text and "Union Calendar" not in version.text
    assert "Kevin F. McCumber" not in version.text  # the attestation is not bill text


def test_paths_headings_and_amounts():
    version = hr8752("rh")
    account = version.find(ACCOUNT)
    assert account.kind == "appropriation"
    body = version.text[account.start:account.end]
    assert body.startswith("OPERATIONS AND SUPPORT\nFor necessary expenses of the Office of the Secretary")
    assert "$281,358,000, of which $22,151,000 shall remain available" in body
    section = version.find("TITLE I > SEC. 105")
    assert section.kind == "section"
    assert version.text[section.start:].startswith("SEC. 105.")
    assert version.find("TITLE I > SEC. 105 > (b)(3)(A)").kind == "subparagraph"
    assert version.find("TITLE I > SEC. 101 > (a)").kind == "subdivision"
    assert version.find("Title").kind == "digest"
    assert version.text.startswith("A BILL\nMaking appropriations for the Department of Homeland Security")


def test_floor_amendments_survive_as_amounts():
    version = hr8752("eh")
    body = version.text[version.find(ACCOUNT).start:version.find(ACCOUNT).end]
    assert "$281,358,000 (reduced by $20,000,000) (reduced by $5,000,000)" in body


def test_alignment_between_reported_and_engrossed():
    pairs = align_provisions(hr8752("rh"), hr8752("eh"))
    by_old = {p.old_path: p for p in pairs if p.old is not None}
    assert by_old[ACCOUNT].new_path == ACCOUNT and by_old[ACCOUNT].status == "changed"
    assert by_old["TITLE IV > SEC. 414"].new_path == "TITLE IV > SEC. 413"
    assert by_old["TITLE IV > SEC. 414"].status == "renumbered"
    assert by_old["TITLE IV > SEC. 413"].status == "removed"
    assert by_old["TITLE I > SEC. 105"].status == "unchanged"


def test_tag_finds_appropriations_amounts():
    if CORPUS is None:
        pytest.skip("shared corpus not found")
    from lexdiff.cli import main

    path = str(CORPUS / "us" / "2024-hr8752" / "118hr8752-rh.billdtd.xml")
    result = CliRunner().invoke(main, ["tag", path, "--only", "quantities", "--format", "json"])
    assert result.exit_code == 0, result.output
    tags = json.loads(result.stdout)["tags"]
    money = [t for t in tags if t.get("unit") == "USD"]
    assert len(money) > 100
    first = next(t for t in money if t["text"] == "$281,358,000")
    assert first["value"] == 281358000 and first["provision"] == ACCOUNT


MINIMAL = b"""<?xml version="1.0"?>
<!DOCTYPE bill PUBLIC "-//US Congress//DTDs/bill.dtd//EN" "bill.dtd">
<bill bill-stage="Introduced-in-Senate"><metadata xmlns:dc="http://purl.org/dc/elements/1.1/"><dublinCore>
<dc:title>118 S 77 IS: Test Act</dc:title><dc:date>2024-02-01</dc:date></dublinCore></metadata>
<form><legis-type>A BILL</legis-type><official-title>To test.</official-title></form>
<legis-body><section id="A1"><enum>1.</enum><header>Amendment</header><text>Section 2 is amended by adding:</text>
<quoted-block id="Q1"><subsection><enum>(c)</enum><text>New text.</text></subsection></quoted-block>
<after-quoted-block>.</after-quoted-block></section></legis-body></bill>"""


def test_minimal_bill_without_corpus():
    version = read_billdtd(MINIMAL, "s77.xml")
    assert (version.bill.type, version.bill.number, version.state, version.date) == ("S", "77", "is", "2024-02-01")
    assert version.label == "Introduced in Senate"
    assert [p.path for p in version.walk()] == ["Title", "SEC. 1", "SEC. 1 > quoted (c)"]
    assert version.find("SEC. 1").heading == "Amendment" and version.find("SEC. 1").id == "A1"
    assert version.text == "A BILL\nTo test.\nSEC. 1. Amendment\nSection 2 is amended by adding:\n(c) New text.."


def test_not_bill_dtd_is_an_error():
    with pytest.raises(FormatError, match="not GPO bill XML"):
        read_billdtd(b"<?xml version='1.0'?><act xmlns='urn:x'/>", "x.xml")
