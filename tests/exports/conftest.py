"""The browser tests' fixtures (a served dashboard, a guarded Chromium page) for the download-menu test."""

from tests.browser.conftest import (  # noqa: F401 - fixtures, found by name
    allowed_console_errors,
    base_url,
    browser_context_args,
    browser_type_launch_args,
    dashboard_url,
    page,
)
