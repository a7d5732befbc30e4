"""leginfo HTML reader: SB 1047 enrolled bill text page and status page; redline marks."""

from __future__ import annotations

import functools

import pytest

from lexdiff.errors import FormatError
from lexdiff.ingest import read_version
from lexdiff.ingest.leginfo import read_leginfo
from lexdiff.model import rebuild_previous_text, words
from conftest import CORPUS


@functools.lru_cache(maxsize=None)
def _read(name: str):
    return read_version(str(CORPUS / "ca" / "2023-sb1047" / name))


def page(name: str):
    if CORPUS is None:
        pytest.skip("shared corpus not found (set LEXDIFF_CORPUS or place it at ../shared/corpus)")
    return _read(name)


NAVIGATION = ["Bill PDF", "Add To My Favorites", "Quick Search", "Version:", "mojarra", "Bill Information",
              "Today's Law As Amended", "Compare Versions", "downLoadPDF", "{", "}"]


def test_bill_text_metadata_and_clean_text():
    version = page("2024-09-03-enrolled.leginfo.html")
    assert version.format == "leginfo"
    assert version.bill.citation == "CA SB 1047 (2023-2024)"
    assert version.bill.title.startswith("Safe and Secure Innovation for Frontier Artificial Intelligence Models")
    assert (version.label, version.state, version.date) == ("Enrolled", "ENR", "2024-09-03")
    assert version.id == "20230SB104788ENR"
    for furniture in NAVIGATION:
        assert furniture not in version.text, furniture
    assert "<" not in version.text
    assert version.text.startswith("An act to add Chapter 22.6 (commencing with Section 22602)")


def test_bill_text_structure_like_caml():
    version = page("2024-09-03-enrolled.leginfo.html")
    assert version.find("Digest").heading.startswith("Safe and Secure Innovation")
    assert version.find("SEC. 3").kind == "bill_section"
    chapter = version.find("SEC. 3 > Chapter 22.6")
    assert chapter.kind == "chapter"
    assert chapter.heading == "Safe and Secure Innovation for Frontier Artificial Intelligence Models"
    code = version.find("SEC. 3 > BPC 22603")
    assert code.kind == "code_section"
    para = version.find("SEC. 3 > BPC 22603 > (a)(1)")
    assert para.kind == "paragraph"
    assert version.find("SEC. 3 > BPC 22602 > (e)(1)(B)(i)(II)").kind == "subclause"
    assert version.find("SEC. 4 > GOV 11547.6 > (c)(1)") is not None
    assert "10^26 integer or floating-point operations" in version.text


def test_status_page():
    version = page("status.leginfo.html")
    assert [p.path for p in version.provisions] == ["Status", "History", "Veto message"]
    assert version.state == "VETOED" and version.label == "Status (vetoed)"
    assert version.bill.citation == "CA SB 1047 (2023-2024)"
    assert {"date": "2024-09-29", "action": "Vetoed by the Governor."} in version.meta["history"]
    veto = version.find("Veto message")
    assert "I am returning Senate Bill 1047 without my signature." in version.text[veto.start:veto.end]
    for furniture in NAVIGATION + [".status-line", "function selectVersion"]:
        assert furniture not in version.text, furniture


AMENDED = """<!DOCTYPE html><html><head><title>Bill Text</title><script>var x = "{bill}";</script></head><body>
<div id="banner">Quick Search Bill Information</div>
<select id="version"><option value="20250SB__001097AMD" selected>05/01/25 - Amended Senate</option></select>
<div id="bill_all"><div id="about">
<table><tbody><tr><td><span>Amended IN </span><span>Senate</span> <span>May 01, 2025</span></td></tr></tbody></table>
<span id="bill_house_num"><b>Senate Bill</b> <b>No. 10</b></span>
<div id="title">An act to add Section 100 to the Civil Code, relating to privacy.</div></div>
<div id="bill"><h2>The people of the State of California do enact as follows:</h2>
<div><div><h3 style="display:inline;">SECTION 1.</h3> Section 100 is added to the Civil Code, to read:</div>
<div><h6 style="display:inline;">100.</h6> (a) A business shall delete personal data within
<font color="red"><strike>30</strike></font> <font class="blue_text"><i>45</i></font> days.</div>
<div><strike>(b) This section is repealed on January 1, 2030.</strike></div>
<div><i>(b) The Attorney General may enforce this section.</i></div>
</div></div></div></body></html>"""


def test_amendments_become_official_marks():
    version = read_leginfo(AMENDED.encode(), "sb10.html")
    assert version.id == "20250SB__001097AMD"
    assert version.find("SEC. 1 > CIV 100 > (a)") is not None
    inserted = [version.text[m.start:m.end] for m in version.marks if m.op == "insert"]
    struck = [m.text for m in version.marks if m.op == "delete"]
    assert inserted == ["45", "(b) The Attorney General may enforce this section."]
    assert struck == ["30", "(b) This section is repealed on January 1, 2030.\n"]
    previous = rebuild_previous_text(version)
    assert "within 30 days." in " ".join(words(previous))
    assert "repealed on January 1, 2030" in previous and "Attorney General" not in previous
    assert "Quick Search" not in version.text and "{bill}" not in version.text


def test_page_without_bill_text_is_an_error():
    with pytest.raises(FormatError, match="without California bill text"):
        read_leginfo(b"<html><body><p>Hello</p></body></html>", "x.html")
