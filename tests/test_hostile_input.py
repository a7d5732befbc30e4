"""Hostile and broken input to ``lexdiff parse``: exit 3, one clear line, no traceback, no file left."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from lexdiff.cli import main
from lexdiff.errors import LexdiffError

CAML_NS = "http://lc.ca.gov/legalservices/schemas/caml.1#"

CASES: dict[str, bytes] = {
    "malformed-xml": (
        f'<?xml version="1.0" encoding="UTF-8"?><caml:MeasureDoc xmlns:caml="{CAML_NS}">'
        "<caml:Bill><p>unclosed</caml:Bill>"
    ).encode(),
    "billion-laughs": (
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        '<!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
        '<!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">]>'
        f'<caml:MeasureDoc xmlns:caml="{CAML_NS}"><caml:Bill>&lol2;</caml:Bill></caml:MeasureDoc>'
    ).encode(),
    "external-entity": (
        '<?xml version="1.0"?><!DOCTYPE doc [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
        f'<caml:MeasureDoc xmlns:caml="{CAML_NS}"><caml:Bill>&xxe;</caml:Bill></caml:MeasureDoc>'
    ).encode(),
    "empty": b"",
    "blank": b"  \n\t\n",
    "binary-garbage": bytes(range(256)) * 8,
    "non-utf8-caml": (
        f'<?xml version="1.0" encoding="UTF-8"?><caml:MeasureDoc xmlns:caml="{CAML_NS}">'
        "<caml:Bill><caml:Preamble>caf\xe9 \xff\xfe</caml:Preamble></caml:Bill></caml:MeasureDoc>"
    ).encode("latin-1"),
    "other-xml": b'<?xml version="1.0"?><recipe><step>Boil water.</step></recipe>',
    "caml-without-text": f'<caml:MeasureDoc xmlns:caml="{CAML_NS}"/>'.encode(),
}


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / f"{name}.xml"
    path.write_bytes(data)
    return path


def _assert_clean_failure(result, path: str, out_dir: Path | None = None) -> None:
    assert result.exit_code == 3, (result.exit_code, result.stdout, result.stderr)
    stderr = result.stderr
    assert stderr.startswith("lexdiff: error: ")
    assert stderr.count("\n") == 1, stderr
    assert path in stderr
    assert "Traceback" not in stderr and "Traceback" not in result.stdout
    assert result.stdout == ""
    assert "root:" not in stderr  # nothing of /etc/passwd leaks
    if out_dir is not None:
        assert sorted(p.name for p in out_dir.iterdir()) == []


@pytest.mark.parametrize("name", sorted(CASES), ids=sorted(CASES))
def test_bad_files_exit_3(tmp_path: Path, name: str) -> None:
    path = _write(tmp_path, name, CASES[name])
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    result = CliRunner().invoke(main, ["parse", "-o", str(out_dir / "result.json"), "--format", "json", str(path)])
    _assert_clean_failure(result, str(path), out_dir)


@pytest.mark.parametrize("name", ["malformed-xml", "billion-laughs", "external-entity", "non-utf8-caml"])
def test_bad_xml_forced_as_caml(tmp_path: Path, name: str) -> None:
    path = _write(tmp_path, name, CASES[name])
    result = CliRunner().invoke(main, ["parse", "--format-in", "caml", str(path)])
    _assert_clean_failure(result, str(path))


def test_entity_attacks_are_named(tmp_path: Path) -> None:
    for name in ("billion-laughs", "external-entity"):
        path = _write(tmp_path, name, CASES[name])
        result = CliRunner().invoke(main, ["parse", str(path)])
        assert "entities" in result.stderr


def test_plain_text_forced_as_caml(tmp_path: Path) -> None:
    path = tmp_path / "bill.txt"
    path.write_text("SECTION 1. A person shall not do the thing.\n", "utf-8")
    result = CliRunner().invoke(main, ["parse", "--format-in", "caml", str(path)])
    _assert_clean_failure(result, str(path))


def test_directory(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["parse", str(tmp_path)])
    _assert_clean_failure(result, str(tmp_path))
    assert "directory" in result.stderr


def test_missing_path(tmp_path: Path) -> None:
    missing = tmp_path / "nope" / "bill.xml"
    out = tmp_path / "out.txt"
    result = CliRunner().invoke(main, ["parse", "-o", str(out), str(missing)])
    _assert_clean_failure(result, str(missing))
    assert not out.exists()
    assert "no such file" in result.stderr


def test_unknown_format_in(tmp_path: Path) -> None:
    path = _write(tmp_path, "ok", CASES["other-xml"])
    result = CliRunner().invoke(main, ["parse", "--format-in", "wordperfect", str(path)])
    _assert_clean_failure(result, str(path))
    assert "caml" in result.stderr  # the valid names are listed


def test_verify_bad_input_exit_3(tmp_path: Path) -> None:
    path = _write(tmp_path, "malformed", CASES["malformed-xml"])
    result = CliRunner().invoke(main, ["verify", str(path), str(path)])
    _assert_clean_failure(result, str(path))


def test_debug_raises_instead_of_exit(tmp_path: Path) -> None:
    path = _write(tmp_path, "malformed", CASES["malformed-xml"])
    result = CliRunner().invoke(main, ["--debug", "parse", str(path)])
    assert isinstance(result.exception, LexdiffError)
    assert result.exit_code != 0


def test_debug_prints_a_traceback(tmp_path: Path) -> None:
    path = _write(tmp_path, "malformed", CASES["malformed-xml"])
    env = dict(os.environ)
    completed = subprocess.run(
        [sys.executable, "-m", "lexdiff", "--debug", "parse", str(path)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert completed.returncode != 0
    assert "Traceback" in completed.stderr
    assert "ParseError" in completed.stderr
    plain = subprocess.run(
        [sys.executable, "-m", "lexdiff", "parse", str(path)], capture_output=True, text=True, timeout=120
    )
    assert plain.returncode == 3 and "Traceback" not in plain.stderr
