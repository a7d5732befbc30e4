"""PDF reader: Colorado SB 24-205 and its 2026 re-enactment; superscripts; scans; errors."""

from __future__ import annotations

import builtins
import functools

import pytest

from lexdiff.diff import align_provisions
from lexdiff.errors import FormatError
from lexdiff.ingest import read_version
from lexdiff.ingest.pdf import read_pdf
from conftest import CORPUS

CO = "co/2024-sb205/"


@functools.lru_cache(maxsize=None)
def _read(name: str):
    return read_version(str(CORPUS / CO / name))


def co(name: str):
    if CORPUS is None:
        pytest.skip("shared corpus not found (set LEXDIFF_CORPUS or place it at ../shared/corpus)")
    return _read(name)


ACT_2024 = "sb24-205-session-law-2024-ch198.pdf"
ACT_2026 = "sb26-189-session-law-2026-ch131.pdf"


def test_2024_session_law_sections_and_labels():
    version = co(ACT_2024)
    assert version.format == "pdf"
    assert (version.bill.jurisdiction, version.bill.type, version.bill.number, version.bill.session) == (
        "CO", "SB", "24-205", "2024")
    assert version.date == "2024-05-17"
    sections = [p.path for p in version.walk() if p.kind == "code_section"]
    assert sections[:7] == [f"SEC. 1 > CRS 6-1-170{n}" for n in range(1, 8)]
    # Colorado's label order: (1) > (a) > (I) > (A).
    assert version.find("SEC. 1 > CRS 6-1-1701 > (1)(b)(I)(A)") is not None
    definitions = version.find("SEC. 1 > CRS 6-1-1701")
    assert version.text[definitions.start:].startswith("6-1-1701. Definitions.")
    # Running heads, the legend and page furniture are gone.
    assert "Consumer and Commercial Transactions 1199" not in version.text
    assert "Capital letters or bold & italic numbers" not in version.text
    assert "\f" not in version.text


def test_2026_reenactment_parses_and_diffs_against_2024():
    old, new = co(ACT_2024), co(ACT_2026)
    assert new.bill.number == "26-189" and new.date == "2026-05-14"
    assert new.find("SEC. 1 > CRS 6-1-1709") is not None
    assert new.find("SEC. 1 > CRS 6-1-1701 > (1)(a)") is not None
    # The PDF splits "OUTPUT, INCLUDING" into letter groups; the reader re-joins them.
    assert "O U TPU T" not in new.text and "OUTPUT, INCLUDING PREDICTIONS" in new.text
    assert "O U TPU T" in new.meta["letter_spacing_repairs"]
    pairs = align_provisions(old, new)
    by_old = {p.old_path: p for p in pairs if p.old is not None}
    assert by_old["SEC. 1 > CRS 6-1-1701"].new_path == "SEC. 1 > CRS 6-1-1701"
    assert by_old["SEC. 1 > CRS 6-1-1706"].new_path == "SEC. 1 > CRS 6-1-1706"
    assert by_old["SEC. 2 > CRS 6-1-105"].status == "changed"


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def make_pdf(pages: list[list[tuple[float, float, float, str]]],
             rules: list[list[tuple[float, float, float]]] | None = None) -> bytes:
    """A minimal PDF whose pages hold the given (x, y, font size, text) runs in Courier.

    ``rules`` adds, per page, thin filled rules (x0, y, x1) as a typesetter
    draws a strike-through.
    """
    objects: list[bytes] = [b"<< /Type /Catalog /Pages 2 0 R >>", b"",
                            b"<< /Type /Font /Subtype /Type1 /BaseFont /Courier >>"]
    kids = []
    for runs in pages:
        page_rules = rules[len(kids)] if rules else []
        ops = ("".join(f"BT /F1 {size} Tf 1 0 0 1 {x} {y} Tm ({_escape(text)}) Tj ET\n"
                       for x, y, size, text in runs)
               + "".join(f"{x0} {y} {x1 - x0} 0.72 re f\n" for x0, y, x1 in page_rules)).encode("latin-1")
        objects.append(b"<< /Length %d >>\nstream\n" % len(ops) + ops + b"\nendstream")
        objects.append((f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents {len(objects)} 0 R "
                        "/Resources << /Font << /F1 3 0 R >> >> >>").encode())
        kids.append(len(objects))
    objects[1] = f"<< /Type /Pages /Kids [{' '.join(f'{k} 0 R' for k in kids)}] /Count {len(kids)} >>".encode()
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def test_superscript_exponent_is_restored_and_noted():
    data = make_pdf([[
        (72, 700, 12, "SECTION 1. A covered model is a model trained using more than"),
        (72, 686, 12, "10"), (85, 691, 7, "26"), (96, 686, 12, " integer or floating-point operations."),
        (72, 660, 12, "SEC. 2. This act takes effect January 1, 2027."),
    ]])
    version = read_pdf(data, "tiny.pdf")
    assert "more than 10^26 integer or floating-point operations" in version.text
    assert "1026" not in version.text
    note = version.meta["superscripts"][0]
    assert (note["page"], note["printed"], note["read_as"]) == (1, "1026", "10^26")
    assert [p.path for p in version.provisions if p.kind == "bill_section"] == ["SEC. 1", "SEC. 2"]


def test_same_size_digits_are_not_superscripts():
    data = make_pdf([[(72, 700, 12, "SECTION 1. The fee is 10"), (130, 700, 12, "26 dollars.")]])
    version = read_pdf(data, "tiny.pdf")
    assert "^" not in version.text and "superscripts" not in version.meta


def test_scan_without_text_layer_is_a_clear_error():
    with pytest.raises(FormatError, match="no text layer.*OCR"):
        read_pdf(make_pdf([[], []]), "scan.pdf")


def test_not_a_pdf_is_an_error():
    with pytest.raises(FormatError, match="not a PDF"):
        read_pdf(b"SECTION 1. Plain text.", "x.pdf")


def test_missing_pypdf_is_a_clear_error(monkeypatch):
    real_import = builtins.__import__

    def no_pypdf(name, *args, **kwargs):
        if name == "pypdf" or name.startswith("pypdf."):
            raise ImportError("No module named 'pypdf'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_pypdf)
    with pytest.raises(FormatError, match=r"pip install 'lexdiff\[pdf\]'"):
        read_pdf(make_pdf([[(72, 700, 12, "SECTION 1. Text.")]]), "x.pdf")


def test_short_session_law_loses_its_running_heads():
    version = co("sb25b-004-session-law-2025-1ES-ch3.pdf")
    # "SENATE BILL 25B-004": the 2025 extraordinary session's bill 4.
    assert (version.bill.number, version.bill.session, version.date) == ("25B-004", "2025", "2025-08-28")
    assert "Consumer and Commercial Transactions" not in version.text
    assert "10 Consumer and Commercial Transactions Ch. 3" in version.meta["page_furniture"]
    assert [p.path for p in version.walk() if p.kind == "code_section"] == [
        "SEC. 1 > CRS 6-1-1702", "SEC. 2 > CRS 6-1-1703", "SEC. 3 > CRS 6-1-1704"]


def test_running_heads_mirrored_on_facing_pages_are_dropped():
    data = make_pdf([
        [(72, 760, 10, "Ch. 3 Consumer Transactions 9"), (72, 700, 12, "SECTION 1. (1) The first rule applies"),
         (72, 686, 12, "to every seller in this state.")],
        [(72, 760, 10, "10 Consumer Transactions Ch. 3"), (72, 700, 12, "(2)"),
         (72, 686, 12, "A buyer has the same right."), (72, 660, 12, "SEC. 2. Effective date.")],
    ])
    version = read_pdf(data, "two.pdf")
    assert "Consumer Transactions" not in version.text
    assert version.meta["page_furniture"] == ["Ch. 3 Consumer Transactions 9", "10 Consumer Transactions Ch. 3"]
    # A bare label at the top of a page is text, not furniture.
    assert "(2) A buyer has the same right." in " ".join(version.text.split())


def test_letter_spaced_words_rejoined_but_ordinary_short_words_kept():
    from lexdiff.ingest.pdf import _WORD, _join_fragments

    text = ("it is a way to do so; GENERATE O U TPU T, IN C LU D IN G PRE D IC TIO N S O F TH E SYSTEM. "
            "OUTPUT, INCLUDING PREDICTIONS OF THE")
    vocabulary = {w.upper() for w in _WORD.findall(text)}
    repairs: list[str] = []
    fixed = _join_fragments(text, vocabulary, repairs)
    assert fixed.startswith("it is a way to do so; GENERATE OUTPUT, INCLUDING PREDICTIONS OF THE SYSTEM.")
    assert repairs == ["O U TPU T", "IN C LU D IN G PRE D IC TIO N S O F TH E"]


def test_struck_through_words_are_not_law():
    # One glyph per run, as Colorado's session laws are typeset, with a rule
    # through "30 days".
    line = "SECTION 1. A notice is due within 30 days FORTY-FIVE DAYS."
    runs = [(72 + 6 * k, 700, 10, char) for k, char in enumerate(line) if char != " "]
    start = 72 + 6 * line.index("30 days")
    end = start + 6 * len("30 days")
    data = make_pdf([runs], rules=[[(start, 703.5, end)]])
    version = read_pdf(data, "struck.pdf")
    assert "within FORTY-FIVE DAYS." in " ".join(version.text.split())
    assert "30" not in version.text
    assert version.meta["struck_text"] == [{"page": 1, "struck": "30 days"}]


def test_amending_session_law_drops_struck_dates():
    version = co("sb25b-004-session-law-2025-1ES-ch3.pdf")
    assert "February 1, 2026" not in version.text
    assert "(1) On and after JUNE 30, 2026, a developer of a high-risk" in version.text
    struck = [note["struck"] for note in version.meta["struck_text"]]
    assert struck.count("February 1, 2026") >= 15 and "promulgated" in struck


def test_signed_act_is_flagged_as_an_ocr_layer():
    signed = co("sb24-205-signed-act.pdf")
    assert signed.meta["ocr_text_layer"] is True
    assert [p.path for p in signed.walk() if p.kind == "code_section"][:2] == [
        "SEC. 1 > CRS 6-1-1701", "SEC. 1 > CRS 6-1-1702"]
    assert "ocr_text_layer" not in co(ACT_2024).meta
    # Its signature page is there but the handwritten date is not legible.
    assert signed.label == "Signed act" and signed.date is None
    assert co(ACT_2024).label == "Approved"
