"""Run a browser scenario in its own thread, so it can live next to the shared browser tests.

The Playwright sync API allows one running instance per thread, and the session-wide browser
of tests/browser stays open for the whole run; a scenario here therefore gets a fresh headless
Chromium in a worker thread, and its failure is raised again in the test.
"""

import os
import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS

NARROW = {"width": 320, "height": 640}


def run_in_chromium(base_url: str, scenario: Callable, **context_options) -> None:
    """Call scenario(context) with a Dutch browser context on the live server."""
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing: CI must install Debian's chromium")
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)")
    failures: list[BaseException] = []

    def work() -> None:
        from playwright.sync_api import sync_playwright

        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                try:
                    options = {"viewport": NARROW, "locale": "nl-NL", **context_options}
                    context = browser.new_context(base_url=base_url, **options)
                    context.set_default_timeout(10_000)
                    scenario(context)
                finally:
                    browser.close()
        except BaseException as exc:  # handed to the test thread below
            failures.append(exc)

    worker = threading.Thread(target=work, daemon=True)
    worker.start()
    worker.join(timeout=180)
    if worker.is_alive():
        pytest.fail("the browser scenario did not finish within 3 minutes")
    if failures:
        raise failures[0]
