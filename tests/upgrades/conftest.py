"""The browser fixtures are helper B's (tests/browser/conftest.py): Debian's Chromium and the app served once per session."""

from tests.browser.conftest import app_url, browser_type_launch_args  # noqa: F401  (fixtures, found by name)
