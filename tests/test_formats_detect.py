"""Format detection from content, --format-in overrides, and wrong guesses as errors."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from lexdiff.errors import FormatError
from lexdiff.ingest import detect_format, read_bytes, read_version
from conftest import CORPUS

EXPECTED = {
    ".uslm.xml": "uslm",
    ".billdtd.xml": "billdtd",
    ".akn2.xml": "akn",
    ".akn3.xml": "akn",
    ".akn4eu.xml": "akn",
    ".leginfo.html": "leginfo",
    ".pdf": "pdf",
    ".txt": "text",
}


def _corpus_files() -> list[str]:
    if CORPUS is None:
        return []
    return sorted(str(p.relative_to(CORPUS)) for p in CORPUS.rglob("*") if p.is_file() and p.name != "README.md")


@pytest.mark.parametrize("name", _corpus_files() or ["(no corpus)"])
def test_every_corpus_file_is_detected_from_its_content(name):
    if CORPUS is None:
        pytest.skip("shared corpus not found")
    data = read_bytes(str(CORPUS / name))
    expected = next((fmt for suffix, fmt in EXPECTED.items() if name.endswith(suffix)), "caml")
    assert detect_format(data, name) == expected


@pytest.mark.parametrize(
    "data,expected",
    [
        (b'<?xml version="1.0"?><bill xmlns="http://schemas.gpo.gov/xml/uslm"><main/></bill>', "uslm"),
        (b'<?xml version="1.0"?>\n<!DOCTYPE bill PUBLIC "-//US Congress//DTDs/bill.dtd//EN" "bill.dtd">\n<bill>',
         "billdtd"),
        (b"<resolution resolution-stage='Introduced-in-House'><legis-body/></resolution>", "billdtd"),
        (b'<akomaNtoso xmlns="http://www.akomantoso.org/2.0"><act/></akomaNtoso>', "akn"),
        (b'\xef\xbb\xbf<?xml version="1.0"?><!-- c --><an:akomaNtoso xmlns:an="http://docs.oasis-open.org/legaldocml/ns/akn/3.0"/>',
         "akn"),
        (b"<!DOCTYPE html><html><body><div id='bill_all'>x</div></body></html>", "leginfo"),
        (b"%PDF-1.7\n...", "pdf"),
        (b"SECTION 1. This act shall be known as the Test Act.", "text"),
        (b"<div id='bill_all'><div>SECTION 1. Text.</div></div>", "leginfo"),
        # A CAML namespace quoted in a page's script does not make the page CAML.
        (b"<html><script>var ns='http://lc.ca.gov/legalservices/schemas/caml.1#';</script></html>", "leginfo"),
        # "<bill" in a USLM document's text does not make it bill DTD.
        (b'<bill xmlns="http://schemas.gpo.gov/xml/uslm"><p>&lt;bill</p></bill>', "uslm"),
    ],
    ids=["uslm", "billdtd", "billdtd-resolution", "akn2", "akn3-prefixed-bom", "html", "pdf", "text", "html-fragment",
         "html-quoting-caml", "uslm-not-billdtd"],
)
def test_detection_from_content(data, expected):
    assert detect_format(data, "x") == expected


@pytest.mark.parametrize(
    "data", [b'<?xml version="1.0"?><invoice xmlns="urn:x"><total/></invoice>', b"\x00\x01\x02binary"],
    ids=["unknown-xml", "binary"],
)
def test_unknown_content_is_an_error_not_an_empty_model(data):
    with pytest.raises(FormatError):
        detect_format(data, "x")


WRONG = [
    ("us/2019-hr1037/116hr1037-eh.uslm.xml", "akn", "not Akoma Ntoso"),
    ("us/2019-hr1037/116hr1037-eh.uslm.xml", "billdtd", "not GPO bill XML"),
    ("us/2019-hr1037/116hr1037-eh.uslm.xml", "pdf", "not a PDF"),
    ("us/2019-hr1037/116hr1037-eh.uslm.xml", "leginfo", "without California bill text"),
    ("akn/ke-2006-ict-bill/2006-02-10.akn2.xml", "uslm", "not USLM"),
    ("us/2024-hr8752/118hr8752-rh.billdtd.xml", "uslm", "not USLM"),
]


@pytest.mark.parametrize("name,reader,message", WRONG, ids=[f"{w[0].split('/')[-1]}-as-{w[1]}" for w in WRONG])
def test_wrong_format_in_is_an_error(name, reader, message):
    if CORPUS is None:
        pytest.skip("shared corpus not found")
    with pytest.raises(FormatError, match=message) as caught:
        read_version(str(CORPUS / name), format=reader)
    assert "it looks like" in str(caught.value)


def test_cli_parse_detects_and_overrides():
    if CORPUS is None:
        pytest.skip("shared corpus not found")
    from lexdiff.cli import main

    path = str(CORPUS / "akn" / "ke-2006-ict-bill" / "2006-02-10.akn2.xml")
    runner = CliRunner()
    detected = runner.invoke(main, ["parse", path, "--format", "json"])
    assert detected.exit_code == 0, detected.output
    assert '"format": "akn"' in detected.stdout
    wrong = runner.invoke(main, ["parse", path, "--format-in", "uslm"])
    assert wrong.exit_code == 3
    assert "not USLM" in wrong.stderr and wrong.stdout == ""
