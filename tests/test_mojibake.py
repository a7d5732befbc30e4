"""Text mis-decoded upstream (UTF-8 read as Windows-1252) is repaired before reading."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import CORPUS

from lexdiff.ingest import read_version
from lexdiff.ingest.mojibake import repair_source, repair_text, suspect


def garble(text: str) -> str:
    """What an upstream tool does: UTF-8 bytes read back as Windows-1252 (Latin-1 where it has no character)."""
    out = []
    for byte in text.encode("utf-8"):
        try:
            out.append(bytes([byte]).decode("cp1252"))
        except UnicodeDecodeError:
            out.append(chr(byte))
    return "".join(out)


CLEAN = "The Member State’s authority – see Article 2 – shall notify the “Commission”."


def test_garbled_text_is_repaired_exactly() -> None:
    bad = garble(CLEAN)
    assert "â€" in bad and suspect(bad)
    fixed, count = repair_text(bad)
    assert fixed == CLEAN
    assert count == 5  # ’ – – “ ”


@pytest.mark.parametrize(
    "text",
    [
        CLEAN,
        "naïve café, Ångström, São Paulo, Zürich, Œuvre",
        "voilà\u00a0! à\u00a0la carte",  # NBSP after an accented letter
        "§ 4. Fees of £5 and ¥10 (½ rate) — 10° C",
        "",
    ],
)
def test_correct_text_is_left_alone(text: str) -> None:
    assert repair_text(text) == (text, 0)


def test_bytes_that_are_not_utf8_are_left_to_the_reader() -> None:
    data = "Société à responsabilité".encode("latin-1")
    assert repair_source(data) == (data, 0)


def test_read_version_repairs_and_says_so(tmp_path: Path) -> None:
    text = "SEC. 1. Definitions.\n(a) “Developer” means a person – not a State’s agency.\n(b) “Model” means a system.\n"
    path = tmp_path / "bill.txt"
    path.write_bytes(garble(text).encode("utf-8"))
    version = read_version(str(path))
    assert "â€" not in version.text
    assert "“Developer” means a person – not a State’s agency." in version.text
    assert version.meta["encoding_repaired"] == 6  # “ ” – ’ and “ ”
    # Offsets are computed on the repaired text.
    b = version.find("SEC. 1 > (b)")
    assert version.text[b.start : b.end] == "(b) “Model” means a system."


def test_clean_file_has_no_repair_note(tmp_path: Path) -> None:
    path = tmp_path / "bill.txt"
    path.write_text("SEC. 1. Definitions.\n(a) “Developer” means a person.\n", encoding="utf-8")
    assert "encoding_repaired" not in read_version(str(path)).meta


@pytest.mark.skipif(CORPUS is None, reason="shared corpus not found (set LEXDIFF_CORPUS or place it at ../shared/corpus)")
def test_eu_proposal_dashes_are_repaired() -> None:
    version = read_version(str(CORPUS / "akn/eu-2013-com619/COM(2013)0619_EN.akn3.xml"))
    assert "â€" not in version.text
    assert "Subject matter and scope – this provision" in version.text
    assert version.meta["encoding_repaired"] == 25


def test_parse_outline_says_what_was_repaired(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from lexdiff.cli import main

    path = tmp_path / "bill.txt"
    path.write_bytes(garble("SEC. 1. Definitions.\n(a) “Developer” means a person.\n").encode("utf-8"))
    result = CliRunner().invoke(main, ["parse", str(path)])
    assert result.exit_code == 0, result.output
    assert "notes: 2 mis-decoded characters repaired" in result.output
