"""The OAuth client's steps against the stand-in: what a target that skips consent, or a form
without a known anti-CSRF field, turns into (a skip with the reason, never a verdict)."""

from __future__ import annotations

from pathlib import Path

import pytest

from harness.browser import BrowserSession, FieldTamper
from harness.client import OAuthClient, Unavailable
from harness.evidence import Evidence, Redactor
from harness.flows import HttpSession, StepError
from tests.browser.standin_as import CLIENT_ID, EMAIL, PASSWORD, StandIn

pytestmark = pytest.mark.browser

TARGET = """\
kind = "remote"
[endpoints]
issuer = "{issuer}"
authorization = "/authorize"
token = "/token"
[clients.primary]
id = "{client_id}"
redirect_uri = "http://127.0.0.1/callback"
[user]
username = "{email}"
password = "${{STANDIN_PASSWORD}}"
[api.probe]
url = "/api"
[[browser.pages]]
name = "login"
selector = "form#login"
fill = [
    {{ selector = "input[name=email]", value = "{{username}}" }},
    {{ selector = "input[name=password]", value = "{{password}}" }},
]
submit = "form#login button[type=submit]"
[[browser.pages]]
name = "consent"
selector = "form#consent"
submit = "button[name=decision][value=allow]"
deny = "button[name=decision][value=deny]"
optional = {optional}
"""


def oauth(
    tmp_path: Path, standin: StandIn, session: BrowserSession, *, optional: bool
) -> OAuthClient:
    from harness.targets import load_target

    path = tmp_path / "standin.toml"
    text = TARGET.format(
        issuer=standin.base_url,
        client_id=CLIENT_ID,
        email=EMAIL,
        optional=str(optional).lower(),
    )
    path.write_text(text, encoding="utf-8")
    target = load_target(path, {"STANDIN_PASSWORD": PASSWORD})
    evidence = Evidence(Redactor(target.secrets()))
    return OAuthClient(
        target, HttpSession(evidence), lambda: session, lambda: session.listeners, evidence
    )


def test_denying_where_an_optional_consent_was_skipped_is_a_skip(
    tmp_path: Path, standin: StandIn, browser_session: BrowserSession
) -> None:
    standin.knobs.auto_approve = True
    client = oauth(tmp_path, standin, browser_session, optional=True)
    with pytest.raises(Unavailable, match="did not ask for consent"):
        client.authorize(decision="deny")


def test_denying_where_a_required_consent_never_came_is_an_error(
    tmp_path: Path, standin: StandIn, browser_session: BrowserSession
) -> None:
    standin.knobs.auto_approve = True
    client = oauth(tmp_path, standin, browser_session, optional=False)
    with pytest.raises(StepError, match="consent was never denied: the server redirected back"):
        client.authorize(decision="deny")


def test_tampering_with_a_field_the_page_lacks_is_a_skip_when_told_why(
    tmp_path: Path, standin: StandIn, browser_session: BrowserSession
) -> None:
    client = oauth(tmp_path, standin, browser_session, optional=False)
    tamper = [FieldTamper("consent", "input[name=csrf_token]", None)]
    with pytest.raises(Unavailable, match="no such field here"):
        client.authorize(tamper=tamper, unmatched="no such field here")
    with pytest.raises(StepError, match="no field matching 'input\\[name=csrf_token\\]'"):
        client.authorize(tamper=tamper)


def test_a_held_back_consent_can_be_replayed_without_cookies(
    tmp_path: Path, standin: StandIn, browser_session: BrowserSession
) -> None:
    client = oauth(tmp_path, standin, browser_session, optional=False)
    captured = client.capture_submit("consent")
    answer = client.replay(captured)
    assert standin.knobs.decisions == 1  # only the replay reached the server
    assert answer.status == 400  # the stand-in wants its session: no user, an error page
    assert not any(name.lower() == "cookie" for name, _ in answer.request_headers)


def test_a_capture_of_an_optional_page_the_server_skipped_is_a_skip(
    tmp_path: Path, standin: StandIn, browser_session: BrowserSession
) -> None:
    standin.knobs.auto_approve = True
    client = oauth(tmp_path, standin, browser_session, optional=True)
    with pytest.raises(Unavailable, match="optional and the server did not show it"):
        client.capture_submit("consent")
