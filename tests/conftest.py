"""Shared fixtures: a headless Chromium for the browser tests.

Browser tests (``@pytest.mark.browser``) drive Debian's chromium through Playwright's sync API.
Playwright's own browser downloads are never used (``playwright install`` is not needed): the
fixture launches the system binary at :data:`CHROMIUM`. Where it is missing the browser tests
are skipped loudly, with a banner at the end of the run, except under ``CI=true``, where they
are required and fail.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
]
_INSTALL_HINT = "sudo apt-get install chromium"
_SKIP_REASON = (
    f"BROWSER TESTS SKIPPED: {CHROMIUM} not found. Install Debian's chromium: {_INSTALL_HINT}"
)


def _in_ci() -> bool:
    return os.environ.get("CI") == "true"


def _unavailable(why: str) -> NoReturn:
    """Fail under CI=true (browser tests are required there), skip loudly elsewhere."""
    if _in_ci():
        pytest.fail(
            f"CI=true and the browser tests cannot run: {why}. "
            f"Browser tests are required in CI; install chromium with: {_INSTALL_HINT}",
            pytrace=False,
        )
    pytest.skip(_SKIP_REASON if "not found" in why else f"BROWSER TESTS SKIPPED: {why}")


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Headless Debian chromium, launched once per test session."""
    if not CHROMIUM.exists():
        _unavailable(f"{CHROMIUM} not found")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover - playwright is a test dependency
        _unavailable("the playwright package is not installed (pip install -e '.[test]')")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A fresh page in its own browser context, closed after the test."""
    context = browser.new_context(viewport={"width": 1200, "height": 750})
    try:
        yield context.new_page()
    finally:
        context.close()


def pytest_terminal_summary(terminalreporter: Any, exitstatus: int, config: pytest.Config) -> None:
    """Say loudly, at the end of the run, that browser tests were skipped and how to fix it."""
    skipped = [
        report
        for report in terminalreporter.stats.get("skipped", [])
        if "browser" in getattr(report, "keywords", {})
    ]
    if not skipped:
        return
    terminalreporter.write_sep("*", "BROWSER TESTS SKIPPED", red=True, bold=True)
    terminalreporter.write_line(
        f"{len(skipped)} browser test(s) were SKIPPED: {CHROMIUM} was not found "
        "(or Playwright is missing).",
        red=True,
        bold=True,
    )
    terminalreporter.write_line(
        f"Install Debian's chromium to run them: {_INSTALL_HINT}", red=True, bold=True
    )
    terminalreporter.write_line("Under CI=true they are required and fail instead.")
    terminalreporter.write_sep("*", red=True, bold=True)


#: A three-organisation ecosystem as CSV text, for command-line tests (fixture ``eco_dir``).
ORGS = "id,name,type\nA,Alpha,municipality\nB,Beta,care_provider\nC,Gamma,school\n"
AGREEMENTS = (
    "id,type,source,target,start,end,status\n"
    "X1,purchase,A,B,2020-01-01,,\n"
    "X2,covenant,B,C,2021-01-01,,\n"
    "X3,purchase,A,C,2019-01-01,2019-12-31,ended\n"
)


@pytest.fixture
def eco_dir(tmp_path: Path) -> Path:
    """A folder with organisations.csv and agreements.csv of :data:`ORGS` and
    :data:`AGREEMENTS`: two live agreements and an ended one."""
    path = tmp_path / "regio"
    path.mkdir()
    (path / "organisations.csv").write_text(ORGS, encoding="utf-8")
    (path / "agreements.csv").write_text(AGREEMENTS, encoding="utf-8")
    return path
