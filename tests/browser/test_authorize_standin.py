"""The driver against the stand-in AS: where it stops, and the navigation log behind verdicts."""

from __future__ import annotations

import dataclasses
import zipfile
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import Error as PlaywrightError

import harness.browser._session
from harness.browser import BrowserError, BrowserSession
from harness.browser._authorize import one_line
from harness.evidence import Evidence, Note, Redactor
from harness.targets import UserConfig
from tests.browser.conftest import SCRIPT, USER
from tests.browser.standin_as import StandIn

pytestmark = pytest.mark.browser


def _query(url: str | None) -> dict[str, list[str]]:
    assert url is not None
    return parse_qs(urlsplit(url).query)


def test_login_and_allow_reach_the_callback_with_code_and_state(
    browser_session: BrowserSession, standin: StandIn, redirect_uri: str
) -> None:
    outcome = browser_session.authorize(
        standin.authorize_url(redirect_uri, state="s-allow"),
        redirect_uri=redirect_uri,
        script=SCRIPT,
        user=USER,
    )
    assert outcome.stopped == "callback", outcome.detail
    assert outcome.callback_url is not None
    assert outcome.callback_url.startswith(redirect_uri + "?")
    assert _query(outcome.callback_url)["state"] == ["s-allow"]
    assert outcome.callback_params["code"]
    assert outcome.pages_done == ["login", "consent"]
    assert outcome.screenshot is None
    assert outcome.trace_path is None


def test_deny_reaches_the_callback_with_access_denied(
    browser_session: BrowserSession, standin: StandIn, redirect_uri: str
) -> None:
    outcome = browser_session.authorize(
        standin.authorize_url(redirect_uri, state="s-deny"),
        redirect_uri=redirect_uri,
        script=SCRIPT,
        user=USER,
        decision="deny",
    )
    assert outcome.stopped == "callback"
    assert outcome.callback_params == {"error": "access_denied", "state": "s-deny"}


def test_totp_page_is_filled_with_the_current_code(
    browser_session: BrowserSession, standin: StandIn, redirect_uri: str
) -> None:
    standin.knobs.require_totp = True
    outcome = browser_session.authorize(
        standin.authorize_url(redirect_uri), redirect_uri=redirect_uri, script=SCRIPT, user=USER
    )
    assert outcome.stopped == "callback", outcome.detail
    assert outcome.pages_done == ["login", "otp", "consent"]


def test_every_authorization_starts_logged_out(
    browser_session: BrowserSession, standin: StandIn, redirect_uri: str
) -> None:
    for _ in range(2):
        outcome = browser_session.authorize(
            standin.authorize_url(redirect_uri), redirect_uri=redirect_uri, script=SCRIPT, user=USER
        )
        assert outcome.pages_done == ["login", "consent"]


def test_navigation_log_has_requests_redirects_and_statuses_in_order(
    browser_session: BrowserSession, standin: StandIn, redirect_uri: str
) -> None:
    evidence = Evidence(Redactor())
    outcome = browser_session.authorize(
        standin.authorize_url(redirect_uri),
        redirect_uri=redirect_uri,
        script=SCRIPT,
        user=USER,
        evidence=evidence,
    )
    log = [(n.kind, n.method, urlsplit(n.url).path, n.status) for n in outcome.navigations]
    assert log[:6] == [
        ("request", "GET", "/authorize", None),
        ("response", "GET", "/authorize", 303),
        ("redirect", "GET", "/login", None),
        ("response", "GET", "/login", 200),
        ("request", "POST", "/login", None),
        ("response", "POST", "/login", 303),
    ]
    consent_post = log.index(("response", "POST", "/authorize", 303))
    assert log[consent_post + 1] == ("redirect", "GET", "/callback", None)
    assert all(n.is_main_frame for n in outcome.navigations)
    assert list(evidence.navigations) == outcome.navigations
    notes = [item.text for item in evidence.items if isinstance(item, Note)]
    assert notes == [
        "browser stopped: callback (the browser was sent to the redirect URI); "
        "pages done: login, consent"
    ]


def test_rendered_pages_carry_their_headers_and_skip_redirects(
    browser_session: BrowserSession, standin: StandIn, redirect_uri: str
) -> None:
    outcome = browser_session.authorize(
        standin.authorize_url(redirect_uri), redirect_uri=redirect_uri, script=SCRIPT, user=USER
    )
    paths = [urlsplit(page.url).path for page in outcome.rendered_pages]
    assert paths == ["/login", "/authorize"]  # not the client's callback page
    for page in outcome.rendered_pages:
        assert page.status == 200
        assert page.header("X-Frame-Options") == "DENY"
        assert page.header("content-security-policy") == "frame-ancestors 'none'"


def test_login_answered_with_307_is_visible_in_the_log(
    browser_session: BrowserSession, standin: StandIn, redirect_uri: str
) -> None:
    standin.knobs.login_status = 307
    outcome = browser_session.authorize(
        standin.authorize_url(redirect_uri), redirect_uri=redirect_uri, script=SCRIPT, user=USER
    )
    login_answers = [
        n.status
        for n in outcome.navigations
        if n.kind == "response" and n.method == "POST" and urlsplit(n.url).path == "/login"
    ]
    assert login_answers == [307]
    # 307 repeats the POST (with the password) to the authorization endpoint.
    assert any(n.kind == "redirect" and n.method == "POST" for n in outcome.navigations)


def test_unregistered_redirect_uri_stops_at_the_error_page(
    browser_session: BrowserSession, standin: StandIn
) -> None:
    evil = "https://attacker.example.com/cb"
    outcome = browser_session.authorize(
        standin.authorize_url(evil), redirect_uri=evil, script=SCRIPT, user=USER, watch=[evil]
    )
    assert outcome.stopped == "error-page"
    assert outcome.callback_url is None
    assert not [n for n in outcome.navigations if n.url.startswith(evil)]
    assert outcome.rendered_pages[-1].status == 400


def test_redirect_to_a_watched_url_is_caught_even_off_loopback(
    browser_session: BrowserSession, standin: StandIn, redirect_uri: str
) -> None:
    standin.knobs.accept_any_redirect = True
    evil = "https://attacker.example.com/cb"
    outcome = browser_session.authorize(
        standin.authorize_url(evil),
        redirect_uri=redirect_uri,
        script=SCRIPT,
        user=USER,
        watch=[evil],
    )
    assert outcome.stopped == "watched-url"
    assert outcome.watched_url is not None
    assert outcome.watched_url.startswith(evil + "?code=")
    assert outcome.callback_url is None
    hits = [n for n in outcome.navigations if n.url.startswith(evil)]
    # requested once; its abort by the loopback-only route may be recorded before the stop
    assert [(n.kind, n.method) for n in hits[:1]] == [("redirect", "GET")]
    assert all(n.kind == "failed" and n.failure for n in hits[1:])


def test_callback_on_an_unresolvable_host_is_seen_by_the_request_log(
    browser_session: BrowserSession, standin: StandIn
) -> None:
    standin.knobs.accept_any_redirect = True
    remote = "https://client.example.com/callback"
    outcome = browser_session.authorize(
        standin.authorize_url(remote, state="s-remote"),
        redirect_uri=remote,
        script=SCRIPT,
        user=USER,
    )
    assert outcome.stopped == "callback"
    assert outcome.callback_params["state"] == "s-remote"


def test_a_lookalike_of_the_redirect_uri_is_not_the_callback(
    browser_session: BrowserSession, standin: StandIn, redirect_uri: str
) -> None:
    standin.knobs.accept_any_redirect = True
    lookalike = redirect_uri + "-evil"  # same prefix, another path: the listener still answers
    outcome = browser_session.authorize(
        standin.authorize_url(lookalike),
        redirect_uri=redirect_uri,
        script=SCRIPT,
        user=USER,
        timeout_s=5.0,
        settle_s=0.2,
    )
    assert outcome.callback_url is None
    assert outcome.stopped == "unrecognised-page"
    assert outcome.final_url.startswith(lookalike + "?code=")


def test_immediate_redirect_to_the_callback_needs_no_page(
    browser_session: BrowserSession, standin: StandIn, redirect_uri: str
) -> None:
    url = f"{standin.base_url}/bounce?to={redirect_uri}%3Ferror%3Dinvalid_scope"
    outcome = browser_session.authorize(url, redirect_uri=redirect_uri, script=SCRIPT, user=USER)
    assert outcome.stopped == "callback"
    assert outcome.callback_params == {"error": "invalid_scope"}
    assert outcome.pages_done == []


def test_outside_references_are_aborted_and_listed(
    browser_session: BrowserSession, standin: StandIn, redirect_uri: str
) -> None:
    standin.knobs.outside_font = True
    outcome = browser_session.authorize(
        standin.authorize_url(redirect_uri), redirect_uri=redirect_uri, script=SCRIPT, user=USER
    )
    assert outcome.stopped == "callback"
    assert "https://fonts.example.com/font.css" in outcome.blocked_requests


def test_unknown_page_stops_as_unrecognised(
    browser_session: BrowserSession, standin: StandIn, redirect_uri: str
) -> None:
    outcome = browser_session.authorize(
        f"{standin.base_url}/nowhere",
        redirect_uri=redirect_uri,
        script=SCRIPT,
        user=USER,
        settle_s=0.2,
    )
    assert outcome.stopped == "unrecognised-page"
    assert outcome.final_url == f"{standin.base_url}/nowhere"
    assert outcome.elapsed_s < 5


def test_wrong_password_is_not_retried(
    browser_session: BrowserSession, standin: StandIn, redirect_uri: str
) -> None:
    wrong = UserConfig(username=USER.username, password="not-the-password-9x", totp_secret=None)
    outcome = browser_session.authorize(
        standin.authorize_url(redirect_uri), redirect_uri=redirect_uri, script=SCRIPT, user=wrong
    )
    assert outcome.stopped == "unrecognised-page"
    assert outcome.pages_done == ["login"]
    assert "came back" in outcome.detail
    assert "not-the-password-9x" not in outcome.detail


def test_script_rendered_form_is_found_and_a_hanging_post_times_out(
    browser_session: BrowserSession, standin: StandIn, redirect_uri: str
) -> None:
    outcome = browser_session.authorize(
        f"{standin.base_url}/spa-login",
        redirect_uri=redirect_uri,
        script=SCRIPT,
        user=USER,
        timeout_s=3.0,  # the form is there within ~0.1 s; the POST hangs for good
        settle_s=0.2,
    )
    assert outcome.pages_done == ["login"]
    assert outcome.stopped == "timeout"
    assert 3.0 <= outcome.elapsed_s < 6.0


def test_artifacts_on_keeps_a_screenshot_and_a_trace(
    browser_session: BrowserSession, standin: StandIn, redirect_uri: str, tmp_path: Path
) -> None:
    outcome = browser_session.authorize(
        standin.authorize_url(redirect_uri),
        redirect_uri=redirect_uri,
        script=SCRIPT,
        user=USER,
        artifacts="on",
        artifacts_dir=tmp_path,
    )
    assert outcome.stopped == "callback"
    assert outcome.screenshot is not None
    assert outcome.screenshot.startswith(b"\x89PNG")
    assert outcome.trace_path is not None
    assert outcome.trace_path.parent == tmp_path
    assert zipfile.is_zipfile(outcome.trace_path)


def test_user_without_totp_secret_fails_at_the_totp_page_in_one_line(
    browser_session: BrowserSession, standin: StandIn, redirect_uri: str
) -> None:
    standin.knobs.require_totp = True
    no_totp = dataclasses.replace(USER, totp_secret=None)
    with pytest.raises(
        ValueError, match=r"'otp' .* needs \{totp\}, but the user has no totp_secret"
    ) as info:
        browser_session.authorize(
            standin.authorize_url(redirect_uri),
            redirect_uri=redirect_uri,
            script=SCRIPT,
            user=no_totp,
        )
    assert "\n" not in str(info.value)
    assert USER.password not in str(info.value)


def test_malformed_template_is_refused_before_any_page_loads(
    browser_session: BrowserSession,
) -> None:
    bad_login = dataclasses.replace(SCRIPT.pages[0], fill=(("input[name=email]", "{user}"),))
    script = dataclasses.replace(SCRIPT, pages=(bad_login,))
    with pytest.raises(
        ValueError, match=r"'login' field 'input\[name=email\]': unknown template field \{user\}"
    ):
        browser_session.authorize(
            "http://127.0.0.1:9/", redirect_uri="http://127.0.0.1:9/cb", script=script, user=USER
        )


def test_a_failing_browser_is_one_line_without_urls(
    browser_session: BrowserSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    def crash(*args: object, **kwargs: object) -> None:
        raise PlaywrightError("Target crashed at http://127.0.0.1:9/cb?code=secret\nCall log: …")

    monkeypatch.setattr(harness.browser._session, "drive", crash)
    with pytest.raises(BrowserError) as info:
        browser_session.authorize(
            "http://127.0.0.1:9/", redirect_uri="http://127.0.0.1:9/cb", script=SCRIPT, user=USER
        )
    assert str(info.value) == "the browser failed during authorization: Target crashed at <url>"


def test_error_lines_lose_their_urls() -> None:
    error = RuntimeError("Page.goto: net::ERR_FAILED at http://127.0.0.1:9/cb?code=abc\nCall log:")
    assert one_line(error) == "Page.goto: net::ERR_FAILED at <url>"
