"""Headless Chromium for the report's browser tests.

Playwright drives Debian's ``/usr/bin/chromium`` (Playwright's own browser
download does not work on our CI machines); ``scripts/test.sh`` installs the
package when it is missing. Every test here is skipped, with the reason, when
Chromium or the Playwright package is absent.

The :class:`PageProbe` returned by the ``open_report`` fixture records what a
journalist's browser would do with a report: console errors, uncaught page
errors, dialogs (``alert`` from hostile bill text) and every network request.
A report opened from ``file://`` must make no request other than loading
itself.
"""

from __future__ import annotations

import os
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterator

import pytest

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts" / "browser"
AXE_JS = Path(__file__).resolve().parent / "node_modules" / "axe-core" / "axe.min.js"

CHROMIUM = os.environ.get("LEXDIFF_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"

# Flags for a quiet, reproducible browser: no background fetches (component
# updates, sync, safe-browsing lists) that would show up as network requests
# and make "the report makes no requests" flaky.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-default-apps",
]


def _skip_reason() -> str | None:
    if not os.path.exists(CHROMIUM):
        return (
            f"chromium not found at {CHROMIUM} (apt-get install chromium, or run scripts/test.sh "
            "as root, which installs it)"
        )
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright Python package is not installed (pip install -e '.[browser-tests]')"
    return None


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """One Chromium for the session.

    ``launch()`` already gives every run a fresh, temporary user-data
    directory (Playwright refuses ``--user-data-dir`` in ``args``), so no
    profile, cache or service worker survives between runs.
    """
    reason = _skip_reason()
    if reason:
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        instance = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            yield instance
        finally:
            instance.close()


@dataclass
class PageProbe:
    """A page plus everything it did that a test may want to assert on."""

    page: Any
    url: str
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)

    @property
    def foreign_requests(self) -> list[str]:
        """Requests other than the report file itself."""
        return [url for url in self.requests if url != self.url]

    def screenshot(self, name: str, **kwargs: Any) -> Path:
        """Save a PNG under ``test-artifacts/browser/`` and return its path."""
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        path = ARTIFACTS / f"{re.sub(r'[^A-Za-z0-9_.-]+', '-', name)}.png"
        self.page.screenshot(path=str(path), **kwargs)
        return path


@pytest.fixture
def open_report(browser: Any) -> Iterator[Callable[..., PageProbe]]:
    """Open a report file in a new context and record console, dialogs and requests.

    ``inject_axe=True`` opens the page in a context with ``bypass_csp=True``
    so that axe-core can be added as an inline script. The report's own
    Content-Security-Policy allows only its own inline script (by hash) and
    would, rightly, refuse axe. Bypassing it is confined to the accessibility
    check; every other test loads the report under its real CSP, where a
    CSP violation shows up as a console error and fails the test.
    """
    contexts: list[Any] = []

    def _open(
        path: Path,
        *,
        javascript: bool = True,
        inject_axe: bool = False,
        viewport: dict[str, int] | None = None,
        fragment: str = "",
    ) -> PageProbe:
        context = browser.new_context(
            java_script_enabled=javascript,
            bypass_csp=inject_axe,
            viewport=viewport or {"width": 1280, "height": 900},
        )
        contexts.append(context)
        page = context.new_page()
        url = Path(path).resolve().as_uri()
        probe = PageProbe(page=page, url=url)
        page.on(
            "console",
            lambda msg: probe.console_errors.append(msg.text) if msg.type == "error" else None,
        )
        page.on("pageerror", lambda err: probe.page_errors.append(str(err)))

        def _dialog(dialog: Any) -> None:
            probe.dialogs.append(f"{dialog.type}: {dialog.message}")
            dialog.dismiss()

        page.on("dialog", _dialog)
        context.on("request", lambda request: probe.requests.append(request.url))
        page.goto(url + fragment, wait_until="load")
        if inject_axe:
            if not AXE_JS.exists():
                pytest.skip(
                    "axe-core not installed (cd tests/browser && npm install); "
                    "scripts/test.sh installs it"
                )
            page.add_script_tag(content=AXE_JS.read_text(encoding="utf-8"))
        return probe

    yield _open
    for context in contexts:
        context.close()
