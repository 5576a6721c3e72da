"""What real servers render: a login over two pages, consent skipped for a first-party client,
a consent submit held back for replay, and stop details that quote the server."""

from __future__ import annotations

import pytest

from harness.browser import BrowserSession
from harness.targets import BrowserScript, PageTask
from tests.browser.conftest import CONSENT, SCRIPT, USER
from tests.browser.standin_as import StandIn

pytestmark = pytest.mark.browser

IDENTIFY = PageTask(
    name="identify",
    selector="form#identify",
    fill=(("input[name=email]", "{username}"),),
    submit="form#identify button[type=submit]",
)
SECRET = PageTask(
    name="password",
    selector="form#secret",
    fill=(("input[name=password]", "{password}"),),
    submit="form#secret button[type=submit]",
)
SPLIT = BrowserScript(pages=(IDENTIFY, SECRET, CONSENT), timeout_s=10.0)


def test_a_login_split_over_two_pages_is_two_page_tasks(
    browser_session: BrowserSession, standin: StandIn, redirect_uri: str
) -> None:
    standin.knobs.split_login = True
    outcome = browser_session.authorize(
        standin.authorize_url(redirect_uri), redirect_uri=redirect_uri, script=SPLIT, user=USER
    )
    assert outcome.stopped == "callback", outcome.detail
    assert outcome.pages_done == ["identify", "password", "consent"]
    assert outcome.callback_params["code"]


def test_a_consent_page_the_server_skips_is_simply_not_met(
    browser_session: BrowserSession, standin: StandIn, redirect_uri: str
) -> None:
    standin.knobs.auto_approve = True
    outcome = browser_session.authorize(
        standin.authorize_url(redirect_uri),
        redirect_uri=redirect_uri,
        script=SCRIPT,
        user=USER,
        decision="deny",
    )
    assert outcome.stopped == "callback"
    assert outcome.pages_done == ["login"]
    assert outcome.denied is False  # asked to deny, but nothing offered a deny button


def test_a_deny_that_was_carried_out_is_recorded(
    browser_session: BrowserSession, standin: StandIn, redirect_uri: str
) -> None:
    outcome = browser_session.authorize(
        standin.authorize_url(redirect_uri),
        redirect_uri=redirect_uri,
        script=SCRIPT,
        user=USER,
        decision="deny",
    )
    assert outcome.denied is True
    assert outcome.callback_params["error"] == "access_denied"


def test_a_held_back_submit_never_reaches_the_server(
    browser_session: BrowserSession, standin: StandIn, redirect_uri: str
) -> None:
    outcome = browser_session.authorize(
        standin.authorize_url(redirect_uri, state="s-held"),
        redirect_uri=redirect_uri,
        script=SCRIPT,
        user=USER,
        capture="consent",
    )
    assert outcome.stopped == "captured", outcome.detail
    assert outcome.callback_url is None
    assert standin.knobs.decisions == 0
    captured = outcome.captured
    assert captured is not None
    assert captured.method == "POST"
    assert captured.url == f"{standin.base_url}/authorize"
    assert b"state=s-held" in captured.body
    assert b"decision=allow" in captured.body
    assert ("content-type", "application/x-www-form-urlencoded") in captured.headers


def test_an_error_page_stop_quotes_its_status_title_and_text(
    browser_session: BrowserSession, standin: StandIn, redirect_uri: str
) -> None:
    outcome = browser_session.authorize(
        standin.authorize_url("https://attacker.example/callback"),
        redirect_uri=redirect_uri,
        script=SCRIPT,
        user=USER,
    )
    assert outcome.stopped == "error-page"
    assert outcome.final_status == 400
    assert outcome.what_the_server_showed() == "HTTP 400; title 'error'; text 'invalid_request'"


def test_an_unknown_page_stop_names_the_page(
    browser_session: BrowserSession, standin: StandIn, redirect_uri: str
) -> None:
    outcome = browser_session.authorize(
        f"{standin.base_url}/nowhere",
        redirect_uri=redirect_uri,
        script=SCRIPT,
        user=USER,
        settle_s=0.3,
    )
    assert outcome.stopped == "unrecognised-page"
    assert outcome.detail == "no page of the browser script matched"
    assert outcome.page_title == "nothing"
    assert outcome.page_text == "nothing the script knows"
    assert outcome.final_status == 200


def test_a_redirect_the_browser_cannot_load_is_named_with_its_error(
    browser_session: BrowserSession, standin: StandIn, redirect_uri: str
) -> None:
    """An error redirect to the registered URI on another port (nothing listens there) is
    reported as such, with its error, not as "the browser could not load the page"."""
    stray = "http://127.0.0.1:9/callback?error=invalid_request&error_description=bad+port"
    outcome = browser_session.authorize(
        f"{standin.base_url}/bounce?to={stray.replace('&', '%26')}",
        redirect_uri=redirect_uri,
        script=SCRIPT,
        user=USER,
    )
    assert outcome.stopped == "unrecognised-page"
    assert outcome.detail.startswith(
        "the server sent the browser to http://127.0.0.1:9/callback (query: error, "
        "error_description), which is not the redirect URI the request named"
    )
    assert outcome.detail.endswith("error=invalid_request, error_description='bad port'")
