"""The stand-in AS and the browser scripts tests use (the one Chromium: tests/conftest.py)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from harness.browser import BrowserSession
from harness.targets import BrowserScript, PageTask, UserConfig
from tests.browser.standin_as import EMAIL, PASSWORD, TOTP_SECRET, StandIn

LOGIN = PageTask(
    name="login",
    selector="form#login",
    fill=(("input[name=email]", "{username}"), ("input[name=password]", "{password}")),
    submit="form#login button[type=submit]",
    deny=None,
)
OTP = PageTask(
    name="otp",
    selector="form#otp",
    fill=(("input[name=otp]", "{totp}"),),
    submit="form#otp button[type=submit]",
    deny=None,
)
CONSENT = PageTask(
    name="consent",
    selector="form#consent",
    fill=(),
    submit="button[name=decision][value=allow]",
    deny="button[name=decision][value=deny]",
)
SCRIPT = BrowserScript(pages=(LOGIN, OTP, CONSENT), timeout_s=10.0)
USER = UserConfig(username=EMAIL, password=PASSWORD, totp_secret=TOTP_SECRET)


@pytest.fixture(scope="session")
def _standin_server() -> Iterator[StandIn]:
    server = StandIn()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def standin(_standin_server: StandIn) -> Iterator[StandIn]:
    yield _standin_server
    _standin_server.knobs.reset()


@pytest.fixture
def redirect_uri(browser_session: BrowserSession) -> str:
    return browser_session.redirect_uri_for("http://127.0.0.1/callback")
