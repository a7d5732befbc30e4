"""A bill whose words are markup must stay words: nothing in it may run.

The two versions below carry the classic payloads in every place bill text
reaches the report: the title, a definition (so the term, its definition and
the glossary popover), a duty, a penalty, an inserted and a deleted passage,
and a plain ``javascript:`` URL. The report is opened in Chromium with
JavaScript on and every interaction exercised; any ``alert`` would be caught
as a dialog.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable

import pytest
from click.testing import CliRunner

from lexdiff.cli import main

pytestmark = pytest.mark.browser

INTRODUCED = """SENATE BILL No. 999

Introduced by Senator Mallory

January 5, 2027

An act relating to <script>alert(1)</script> testing.

The people of the State of California do enact as follows:

SECTION 1. (a) "Covered <b>widget</b>" means a widget with a price above one million dollars ($1,000,000).
(b) A developer shall not publish "><img src=x onerror=alert(1)> in any manual.

SEC. 2. See javascript:alert(1) and <a href="javascript:alert(2)">click</a> for details.
"""

AMENDED = """SENATE BILL No. 999

Amended in Senate February 1, 2027

Introduced by Senator Mallory

January 5, 2027

An act relating to <script>alert(1)</script> testing.

The people of the State of California do enact as follows:

SECTION 1. (a) "Covered <b>widget</b>" means a widget with a price above two million dollars ($2,000,000) </p><script>alert(3)</script>.
(b) A developer shall not publish "><img src=x onerror=alert(1)> or '><svg onload=alert(4)> in any manual, and a Covered <b>widget</b> shall carry a label.
(c) A developer who violates this section is liable for a civil penalty not to exceed ten thousand dollars ($10,000) for each violation.

SEC. 2. See javascript:alert(1) and <a href="javascript:alert(2)">click</a> for details. <iframe src="javascript:alert(5)"></iframe> <style>body{display:none}</style>
"""

PAYLOADS = (
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "javascript:alert(1)",
    '<a href="javascript:alert(2)">click</a>',
    "</p><script>alert(3)</script>",
)


@pytest.fixture
def hostile_report(tmp_path: Path) -> Path:
    folder = tmp_path / "bill"
    folder.mkdir()
    (folder / "01-introduced.txt").write_text(INTRODUCED, encoding="utf-8")
    (folder / "02-amended.txt").write_text(AMENDED, encoding="utf-8")
    out = tmp_path / "hostile.html"
    result = CliRunner().invoke(
        main, ["report", str(folder), "-o", str(out), "--title", "<script>alert(6)</script> & co"]
    )
    assert result.exit_code == 0, result.output
    return out


def test_hostile_bill_text_is_inert(
    hostile_report: Path, open_report: Callable[..., Any]
) -> None:
    probe = open_report(hostile_report)
    page = probe.page
    # Exactly one script (the report's own), no element the bill tried to add.
    assert page.locator("script").count() == 1
    for selector in ("img", "svg", "iframe", "b", "body style", "[onerror]", "[onload]"):
        assert page.locator(selector).count() == 0, selector
    hrefs = page.eval_on_selector_all("a[href]", "els => els.map(a => a.getAttribute('href'))")
    assert hrefs and all(h.startswith("#") for h in hrefs), [h for h in hrefs if not h.startswith("#")]
    # The words are all there, as text.
    text = page.locator("body").inner_text()
    for payload in PAYLOADS:
        assert payload in text, payload
    assert "<script>alert(6)</script> & co" == page.locator("h1").inner_text()

    # Exercise everything that shows bill text: every layer, every popover,
    # search for a payload, the timeline.
    for box in page.locator(".layers input").all():
        box.check()
    # Events rather than real pointer moves: a tag that wraps over two lines
    # has no pixel of its own at its centre.
    popover = page.locator("#popover")
    shown = 0
    for element in page.locator(".bill-text .tg").all()[:40]:
        element.dispatch_event("mouseover")
        shown += popover.is_visible()
    for use in page.locator("a.tg-use").all()[:10]:
        use.dispatch_event("click")
        shown += popover.is_visible()
    assert shown > 0
    page.fill("#search-box", "<script>")
    page.locator("mark.hit").first.wait_for()
    page.keyboard.press("Enter")
    page.locator(".timeline a[data-section]").first.click()
    page.wait_for_timeout(300)
    probe.screenshot("hostile-after-interaction", full_page=True)
    assert page.locator("script").count() == 1
    assert page.locator("img, svg, iframe").count() == 0
    assert probe.dialogs == []
    assert probe.console_errors == []
    assert probe.page_errors == []
    assert probe.foreign_requests == []


def test_csp_forbids_injected_inline_script(
    hostile_report: Path, open_report: Callable[..., Any]
) -> None:
    """Defence in depth: even markup that escaped escaping could not run."""
    probe = open_report(hostile_report)
    page = probe.page
    page.evaluate(
        """() => { const s = document.createElement('script');
                   s.textContent = 'window.__ran = true';
                   document.body.appendChild(s); }"""
    )
    assert page.evaluate("() => window.__ran === undefined")
    assert any("Content Security Policy" in message for message in probe.console_errors)
