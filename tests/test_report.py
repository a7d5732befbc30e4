"""The HTML report without a browser: markup engine, escaping, determinism, CLI."""

from __future__ import annotations

import base64
import hashlib
import html
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st
from markupsafe import Markup, escape

from conftest import CORPUS, SAMPLES, requires_corpus
from lexdiff.cli import main
from lexdiff.errors import UsageError
from lexdiff.model import Bill, Provision, Version
from lexdiff.nlp.tags import Tag
from lexdiff.render.report import (
    DELETE,
    EQUAL,
    INSERT,
    Piece,
    Point,
    Wrap,
    build_report,
    path_slug,
    pick_base,
    render_paragraphs,
    split_paragraphs,
)

SAMPLE = SAMPLES / "frontier-act"


class _Checker(HTMLParser):
    """Collects text and checks that elements nest properly."""

    VOID = {"meta", "input", "br", "img", "link"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.text: list[str] = []
        self.ids: list[str] = []
        self.tags: list[str] = []
        self.errors: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        for name, value in attrs:
            if name == "id" and value is not None:
                self.ids.append(value)
        if tag in self.VOID:
            return
        if tag == "a" and "a" in self.stack:
            self.errors.append("<a> inside <a>")
        self.stack.append(tag)
        if tag == "a" and any(n == "class" and v and "permalink" in v for n, v in attrs):
            self._skip += 1
        elif self._skip:
            self._skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in self.VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1] if self.stack else 'nothing'}")
            return
        self.stack.pop()
        if self._skip:
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.text.append(data)


def _check(markup: str) -> _Checker:
    checker = _Checker()
    checker.feed(markup)
    checker.close()
    assert checker.errors == []
    assert checker.stack == []
    return checker


# --------------------------------------------------------------------------
# The markup engine
# --------------------------------------------------------------------------


def test_overlapping_spans_nest_and_keep_every_character() -> None:
    text = "A developer shall pay $5 now.\nNext line <b>here</b>."
    pieces = [
        Piece(EQUAL, 0, 12),
        Piece(DELETE, 12, 12, "must "),
        Piece(INSERT, 12, 18),
        Piece(EQUAL, 18, len(text)),
    ]
    wraps = [
        Wrap(2, 27, Markup('<span class="o">'), Markup("</span>")),  # "developer ... now"
        Wrap(18, 25, Markup('<span class="q">'), Markup("</span>")),  # "pay $5 "
        Wrap(10, 40, Markup('<span class="x">'), Markup("</span>")),  # crosses the paragraph break
    ]
    points = [Point(0, 0, Markup('<span id="p0"></span>')), Point(30, 0, Markup('<span id="p1"></span>'))]
    paragraphs = split_paragraphs(text, pieces)
    out = render_paragraphs(text, paragraphs, wraps, points)
    assert len(out) == 2
    for para in out:
        _check(str(para.html))
    first = _check(str(out[0].html))
    assert "".join(first.text) == "A developer must shall pay $5 now."
    second = _check(str(out[1].html))
    assert "".join(second.text) == "Next line <b>here</b>."
    assert "&lt;b&gt;" in str(out[1].html)
    assert first.ids == ["p0"] and second.ids == ["p1"]
    assert '<del class="rl">must </del>' in str(out[0].html)


def test_struck_and_inserted_paragraphs_are_marked() -> None:
    text = "Kept.\nNew paragraph."
    pieces = [Piece(EQUAL, 0, 5), Piece(DELETE, 5, 5, "\nOld paragraph."), Piece(INSERT, 5, len(text))]
    out = render_paragraphs(text, split_paragraphs(text, pieces), [], [])
    assert [p.classes for p in out] == ["", "p-del", "p-ins"]


_WORDS = st.text(alphabet="ab <>&\"'\n", min_size=0, max_size=12)


@settings(max_examples=150, deadline=None)
@given(
    chunks=st.lists(st.tuples(st.sampled_from([EQUAL, INSERT, DELETE]), _WORDS), max_size=8),
    spans=st.lists(st.tuples(st.integers(0, 60), st.integers(0, 30)), max_size=6),
    anchors=st.lists(st.integers(0, 60), max_size=4),
)
def test_rendering_is_lossless_and_well_nested(chunks, spans, anchors) -> None:  # type: ignore[no-untyped-def]
    text = ""
    pieces: list[Piece] = []
    for op, words in chunks:
        if op == DELETE:
            if words:
                pieces.append(Piece(DELETE, len(text), len(text), words))
        elif words:
            pieces.append(Piece(op, len(text), len(text) + len(words)))
            text += words
    wraps = [
        Wrap(a, min(a + n, len(text)), Markup('<span class="t">'), Markup("</span>"), link=(n % 2 == 0))
        for a, n in spans
        if a < min(a + n, len(text))
    ]
    points = [Point(min(a, len(text)), 0, Markup('<a class="permalink" href="#x">#</a>')) for a in anchors]
    paragraphs = split_paragraphs(text, pieces)
    out = render_paragraphs(text, paragraphs, wraps, points)
    shown = []
    for para in out:
        checker = _check(str(para.html))
        shown.append("".join(checker.text))
    expected = [
        "".join(text[p.start : p.end] if p.op != DELETE else p.text for p in para) for para in paragraphs
    ]
    assert [s for s in shown if s.strip()] == [e for e in expected if e.strip()]


@pytest.mark.parametrize(
    "path, slug",
    [
        ("SEC. 2 > BPC 22757.11 > (g)(1)(A)(i)", "SEC-2/BPC-22757.11/g-1-A-i"),
        ("SEC. 1", "SEC-1"),
        ("Digest", "Digest"),
        ("Section 3 > (a)", "Section-3/a"),
        ("Art. 4 > 1.", "Art-4/1"),
    ],
    ids=["ca-subdivision", "bill-section", "digest", "act-section", "trailing-dot"],
)
def test_path_slug(path: str, slug: str) -> None:
    assert path_slug(path) == slug


def test_pick_base() -> None:
    bill = Bill("demo")
    versions = [
        Version(bill, "a", "Introduced", "x", date="2027-01-01"),
        Version(bill, "b", "Amended in Senate", "y", date="2027-02-01"),
        Version(bill, "c", "Amended in Senate", "z", date="2027-03-01"),
    ]
    assert pick_base(versions, None) == 0
    assert pick_base(versions, "2") == 1
    assert pick_base(versions, "2027-03-01") == 2
    assert pick_base(versions, "introduced") == 0
    with pytest.raises(UsageError, match="several"):
        pick_base(versions, "Amended in Senate")
    with pytest.raises(UsageError, match="matches no version"):
        pick_base(versions, "Enrolled")


# --------------------------------------------------------------------------
# Whole reports
# --------------------------------------------------------------------------


def _version(text: str, vid: str, date: str, provisions: tuple[Provision, ...] = ()) -> Version:
    return Version(Bill("demo", "2027", "SB", "1"), vid, f"Version {vid}", text, provisions=provisions, date=date)


def _tagger_for(tags_by_id: dict[str, list[Tag]]):  # type: ignore[no-untyped-def]
    return lambda version: tags_by_id.get(version.id, [])


def test_every_bill_string_is_escaped_and_csp_hashes_match() -> None:
    hostile = '<script>alert(1)</script> "><img src=x onerror=alert(1)> javascript:alert(1)'
    old = _version("SECTION 1. Nothing.", "1", "2027-01-01")
    new_text = f"SECTION 1. {hostile}"
    prov = Provision("s1", "bill_section", "SEC. 1", 0, len(new_text), "SEC. 1 > <b>x</b>")
    new = _version(new_text, "2", "2027-02-01", (prov,))
    tags = [
        Tag("definition", 11, 30, "definitions", attrs={"term": "<i>t</i>", "definition": hostile}),
        Tag("term_use", 40, 50, "term_uses", attrs={"term": "<i>t</i>", "definition_start": 11}),
        Tag("obligation", 11, 60, "deontic", attrs={"actor": hostile, "modality": "shall"}),
        Tag("ambiguity", 11, 20, "ambiguities", attrs={"reason": hostile, "severity": "high\"><x"}),
    ]
    page = build_report([old, new], title=hostile, tagger=_tagger_for({"2": tags}))
    assert page.count("<script") == 1
    assert "<img" not in page and "<b>" not in page and "<i>" not in page and "<x" not in page
    assert 'href="javascript' not in page
    assert str(escape(hostile)) in page  # the h1 (Jinja2) and the glossary (Python)
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page).group(1)
    csp = html.unescape(csp)
    assert "default-src 'none'" in csp and "unsafe-inline" not in csp
    style = re.search(r"<style>(.*?)</style>", page, re.S).group(1)
    script = re.search(r"<script>(.*?)</script>", page, re.S).group(1)
    for body in (style, script):
        digest = base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in csp
    ids = _check(page.split("<body>", 1)[1].rsplit("</body>", 1)[0]).ids
    assert len(ids) == len(set(ids))


def test_sample_report_is_deterministic_and_uses_the_stages(tmp_path: Path) -> None:
    runner = CliRunner()
    first, second = tmp_path / "a.html", tmp_path / "b.html"
    for out in (first, second):
        result = runner.invoke(main, ["report", str(SAMPLE), "-o", str(out)])
        assert result.exit_code == 0, result.output
        assert "wrote" in result.stderr
    assert first.read_bytes() == second.read_bytes()
    page = first.read_text(encoding="utf-8")
    assert str(tmp_path) not in page and "/work/" not in page
    checker = _check(page.split("<body>", 1)[1].rsplit("</body>", 1)[0])
    assert len(checker.ids) == len(set(checker.ids))
    # Real history facts: the sample's first amendment adds a cost threshold.
    assert "compute cost &gt; $100,000,000" in page
    # Official marks for the CAML amendments; the enrolled text did not change.
    assert page.count("Redline from the Legislature") == 2
    assert "The text did not change" in page
    # Real tags: term links, duty spans with actors, ambiguity reasons.
    assert 'class="tg tg-use"' in page and "tg-obl" in page and "amb-ref" in page
    # Renumbered provisions are labelled and linkable.
    assert "renumbered from" in page


def test_base_and_single_version(tmp_path: Path) -> None:
    files = sorted(str(p) for p in SAMPLE.glob("*.xml"))
    out = tmp_path / "r.html"
    result = CliRunner().invoke(main, ["report", *files, "--base", "3", "-o", str(out)])
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    assert page.count('<section class="amendment"') == 1
    assert "before the starting text" in page
    result = CliRunner().invoke(main, ["report", files[0], "-o", str(out)])
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    assert page.count('<section class="amendment"') == 1 and "Text of this version" in page


@pytest.mark.parametrize(
    "args, message",
    [
        (["/nonexistent/bill.xml"], "no such file"),
        ([str(SAMPLE), "--base", "Vetoed"], "matches no version"),
        ([str(SAMPLE), "--format-in", "nope"], "unknown input format"),
        ([str(SAMPLE / "src")], "no bill versions"),
    ],
    ids=["missing-file", "unknown-base", "unknown-reader", "folder-without-bills"],
)
def test_cli_errors(tmp_path: Path, args: list[str], message: str) -> None:
    out = tmp_path / "r.html"
    result = CliRunner().invoke(main, ["report", *args, "-o", str(out)])
    assert result.exit_code == 3
    assert message in result.stderr
    assert result.stdout == ""
    assert not out.exists()
    assert list(tmp_path.iterdir()) == []


def test_cli_stdout(tmp_path: Path) -> None:
    files = sorted(str(p) for p in SAMPLE.glob("0[12]*.xml"))
    result = CliRunner().invoke(main, ["report", *files, "-o", "-"])
    assert result.exit_code == 0
    assert result.stdout.startswith("<!DOCTYPE html>")


@requires_corpus
def test_sb53_report_covers_every_amendment(tmp_path: Path) -> None:
    assert CORPUS is not None
    out = tmp_path / "sb53.html"
    result = CliRunner().invoke(main, ["report", str(CORPUS / "ca" / "2025-sb53"), "-o", str(out)])
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    assert page.count('<section class="amendment"') == 5
    assert page.count("Redline from the Legislature") == 5
    assert out.stat().st_size < 3_000_000
    checker = _check(page.split("<body>", 1)[1].rsplit("</body>", 1)[0])
    assert len(checker.ids) == len(set(checker.ids))
    # The penalty section renumbered by the fourth amendment is followed.
    assert "renumbered" in page
    assert 'id="SEC-2/BPC-22757.11"' in page or 'id="SEC-2/BPC-22757.10"' in page


def test_order_versions_by_date_then_by_stage() -> None:
    from lexdiff.delta.history import order_versions

    bill = Bill("US", "116", "HR", "1058")
    rds = Version(bill, "rds", "Received in Senate", "a", date="2019-07-24", state="rds")
    enr = Version(bill, "enr", "Enrolled Bill", "b", state="enr")  # USLM enrolled: no date
    assert order_versions([enr, rds]) == [rds, enr]
    odd = Version(bill, "x", "Draft", "c", state="draft")
    assert order_versions([enr, odd]) == [enr, odd]  # unknown stage: as given
    a = Version(bill, "a", "A", "a", date="2020-01-02")
    b = Version(bill, "b", "B", "b", date="2020-01-01")
    assert order_versions([a, b]) == [b, a]


@requires_corpus
@pytest.mark.parametrize(
    "folder",
    ["us/2019-hr1037", "us/2020-hjres107", "us/2024-hr8752", "akn/ke-2006-ict-bill"],
    ids=["uslm", "uslm-3-versions", "gpo-bill-dtd", "akoma-ntoso"],
)
def test_other_formats_give_well_formed_reports(tmp_path: Path, folder: str) -> None:
    assert CORPUS is not None
    out = tmp_path / "r.html"
    result = CliRunner().invoke(main, ["report", str(CORPUS / folder), "-o", str(out)])
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    checker = _check(page.split("<body>", 1)[1].rsplit("</body>", 1)[0])
    assert len(checker.ids) == len(set(checker.ids))
    assert page.count("<script") == 1
    assert page.count('<section class="amendment"') >= 1
    assert "Redline computed by lexdiff" in page  # these formats carry no official marks


def test_different_bills_are_flagged() -> None:
    one = Version(Bill("CA", "2025", "SB", "53"), "a", "Introduced", "Text one.", date="2025-01-01")
    other = Version(Bill("CA", "2023", "SB", "1047"), "b", "Enrolled", "Text two.", date="2025-02-01")
    page = build_report([one, other], tagger=lambda v: [])
    assert "versions of different measures" in page
    # Each version is named by its act, in the timeline and the headings.
    assert "SB 1047 Enrolled" in page and "Changes from SB 53 Introduced" in page
    same = Version(Bill("CA", "2025-2026", "SB", "53"), "c", "Amended", "Text three.", date="2025-03-01")
    assert "versions of different measures" not in build_report([one, same], tagger=lambda v: [])
