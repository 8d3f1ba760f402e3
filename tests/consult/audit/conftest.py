"""Fixtures for this package's browser tests: the live server and committed staff users."""

from tests.browser.conftest import live_server, staff_user  # noqa: F401
