"""The real thing: the mock target's browser script through the bundled mock AS's own pages."""

from __future__ import annotations

import base64
import hashlib
import secrets
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import httpx
import pytest

from harness.browser import AuthorizationOutcome, BrowserSession
from harness.mock import MockServer, MockSettings
from harness.targets import Target, load_target

pytestmark = pytest.mark.browser

MOCK_TARGET = Path(__file__).resolve().parents[2] / "fixtures" / "targets" / "mock.toml"


@pytest.fixture(scope="module")
def mock() -> Iterator[MockServer]:
    with MockServer(MockSettings()) as server:
        yield server


@pytest.fixture
def target(mock: MockServer) -> Target:
    mock.state.reset()
    return load_target(MOCK_TARGET, {}).with_issuer(mock.issuer)


def _authorize(
    session: BrowserSession,
    target: Target,
    *,
    redirect_uri: str | None = None,
    decision: str = "allow",
    watch: tuple[str, ...] = (),
) -> tuple[AuthorizationOutcome, str, str, str]:
    client = target.clients["primary"]
    registered = session.redirect_uri_for(client.redirect_uri)
    sent = redirect_uri or registered
    state = secrets.token_urlsafe(16)
    verifier = secrets.token_urlsafe(48)
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=")
    query = urlencode(
        {
            "response_type": "code",
            "client_id": client.id,
            "redirect_uri": sent,
            "scope": client.scope,
            "state": state,
            "code_challenge": challenge.decode(),
            "code_challenge_method": "S256",
        }
    )
    outcome = session.authorize(
        f"{target.endpoints.authorization}?{query}",
        redirect_uri=sent,
        script=target.browser,
        user=target.user,
        decision="deny" if decision == "deny" else "allow",
        watch=watch,
    )
    return outcome, state, verifier, sent


def test_login_and_consent_give_a_code_with_our_state(
    browser_session: BrowserSession, target: Target
) -> None:
    outcome, state, verifier, redirect_uri = _authorize(browser_session, target)
    assert outcome.stopped == "callback", outcome.detail
    assert outcome.pages_done == ["login", "consent"]
    params = outcome.callback_params
    assert params["state"] == state
    assert params["code"]
    # The code is real: the token endpoint takes it.
    client = target.clients["primary"]
    token = httpx.post(
        target.endpoints.token,
        data={
            "grant_type": "authorization_code",
            "code": params["code"],
            "redirect_uri": redirect_uri,
            "code_verifier": verifier,
            "client_id": client.id,
            "client_secret": client.secret or "",
        },
    )
    assert token.status_code == 200, token.text
    assert token.json()["token_type"].lower() == "bearer"


def test_mock_pages_are_hardened_and_login_answers_303(
    browser_session: BrowserSession, target: Target
) -> None:
    outcome, *_ = _authorize(browser_session, target)
    assert outcome.rendered_pages, "no AS page was rendered"
    for page in outcome.rendered_pages:
        assert page.header("X-Frame-Options") == "DENY", page.url
        assert "frame-ancestors 'none'" in (page.header("Content-Security-Policy") or "")
    posts = [n.status for n in outcome.navigations if n.kind == "response" and n.method == "POST"]
    assert posts == [303, 303]  # login, then consent


def test_login_307_defect_shows_in_the_navigation_log(
    browser_session: BrowserSession, target: Target, mock: MockServer
) -> None:
    mock.state.defects.enable("login-307")
    outcome, *_ = _authorize(browser_session, target)
    posts = [n.status for n in outcome.navigations if n.kind == "response" and n.method == "POST"]
    assert posts[0] == 307


def test_deny_gives_access_denied_with_our_state(
    browser_session: BrowserSession, target: Target
) -> None:
    outcome, state, _verifier, _uri = _authorize(browser_session, target, decision="deny")
    assert outcome.stopped == "callback", outcome.detail
    assert outcome.callback_params["error"] == "access_denied"
    assert outcome.callback_params["state"] == state
    assert "code" not in outcome.callback_params


def test_unregistered_redirect_uri_stops_at_the_error_page_without_going_there(
    browser_session: BrowserSession, target: Target
) -> None:
    bad = "https://attacker.example.com/callback"
    outcome, *_ = _authorize(browser_session, target, redirect_uri=bad, watch=(bad,))
    assert outcome.stopped == "error-page", outcome.detail
    assert outcome.callback_url is None
    assert outcome.watched_url is None
    assert not [n for n in outcome.navigations if n.url.startswith(bad)]
    assert urlsplit(outcome.final_url).path == "/oauth2/authorize"
