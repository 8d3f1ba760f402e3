"""Browser tests: a live server on loopback and Debian's Chromium driven by Playwright.

Every test here is marked ``browser`` and ``committing``: the server commits for real, and
all tables are emptied after each test. On a machine without /usr/bin/chromium the tests are
skipped, except in CI (``CI`` set), where a missing browser is a failure.
"""

import os
import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from consult.extensions import db
from tests.factories import PASSWORD, UserFactory

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
PHONE = {"width": 390, "height": 844}
NARROW = {"width": 320, "height": 640}


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.browser)
            item.add_marker(pytest.mark.committing)


@pytest.fixture(scope="session")
def live_server(app):
    """The application served by a threaded WSGI server on 127.0.0.1; yields its base URL."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, headless, without any network beyond loopback."""
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing: CI must install Debian's chromium")
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def new_context(browser, live_server):
    """Factory for browser contexts (a separate 'device' each), phone-sized by default."""
    contexts = []

    def make(**options):
        settings = {
            "viewport": PHONE,
            "locale": "nl-NL",
            "base_url": live_server,
            "device_scale_factor": 2,
            "is_mobile": True,
            "has_touch": True,
        }
        settings.update(options)
        context = browser.new_context(**settings)
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_context):
    """A page in a fresh phone-sized context."""
    return new_context().new_page()


@pytest.fixture
def staff_user(app):
    """Create a staff user (committed) and return (email, password)."""

    def make(role="admin", **kwargs):
        with app.app_context():
            user = UserFactory(role=role, **kwargs)
            db.session.commit()
            return user.email, PASSWORD

    return make


def sign_in(page, email: str, password: str = PASSWORD) -> None:
    """Sign in through the login form."""
    page.goto("/login")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill(password)
    page.get_by_role("button", name="Inloggen").click()


def axe_violations(page) -> list[dict]:
    """Run axe-core (WCAG 2.1 A/AA rules) on the current page; returns the violations."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(
        page,
        options={
            "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}
        },
    )
    return results.response["violations"]


def describe_violations(violations: list[dict]) -> str:
    """A readable summary of axe violations for assertion messages."""
    return "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} -> "
        + "; ".join(
            n["target"][0] if isinstance(n["target"][0], str) else str(n["target"])
            for n in v["nodes"][:3]
        )
        for v in violations
    )


def check_page(page) -> None:
    """No accessibility violations, and no sideways scrolling on a 320 px wide screen."""
    violations = axe_violations(page)
    assert violations == [], describe_violations(violations)
    assert page.evaluate("document.documentElement.scrollWidth") <= NARROW["width"]
