"""The authorization endpoint over HTTP (in-process): pages, errors, redirects, PKCE, state."""

from __future__ import annotations

import re
from collections.abc import Callable

import httpx
import pytest

from harness.mock import SEED, MockSettings, MockState
from tests.mock.flow import CALLBACK, Flow, csrf_token, form_action, query

HARDENING = {
    "content-security-policy": "frame-ancestors 'none'",
    "x-frame-options": "DENY",
    "referrer-policy": "no-referrer",
}


def assert_hardened(response: httpx.Response) -> None:
    for name, value in HARDENING.items():
        assert response.headers.get(name) == value, (name, response.headers)


def assert_error_page(response: httpx.Response, code: str) -> None:
    assert response.status_code == 400
    assert "location" not in response.headers
    assert response.headers["content-type"].startswith("text/html")
    match = re.search(r'<p id="error">([^<]*)</p>', response.text)
    assert match, response.text
    assert match.group(1) == code
    assert_hardened(response)


def test_full_login_and_consent_issue_a_code_with_state_and_iss(flow: Flow) -> None:
    params = flow.params(state="xyz")
    page = flow.http.get("/oauth2/authorize", params=params)
    assert page.status_code == 200
    assert_hardened(page)
    for selector in ('<form id="login"', 'name="email"', 'name="password"', 'type="submit"'):
        assert selector in page.text
    signed_in = flow.login(page)
    assert signed_in.status_code == 303  # RFC 9700 §4.12
    assert_hardened(signed_in)
    consent = flow.http.get(signed_in.headers["location"])
    assert consent.status_code == 200
    assert '<form id="consent"' in consent.text
    assert 'name="decision" value="allow"' in consent.text
    assert 'name="decision" value="deny"' in consent.text
    assert_hardened(consent)
    answer = flow.consent(consent)
    assert answer.status_code == 303
    callback = answer.headers["location"]
    assert callback.startswith(CALLBACK + "?")
    got = query(callback)
    assert got["state"] == ["xyz"]
    assert got["iss"] == ["http://127.0.0.1"]
    assert len(got["code"][0]) >= 43  # 256 random bits, base64url


def test_consent_is_asked_again_for_every_authorization(flow: Flow) -> None:
    flow.code()
    page = flow.http.get("/oauth2/authorize", params=flow.params())
    assert '<form id="consent"' in page.text  # signed in, but no silent approval


def test_wrong_password_shows_the_login_page_again(flow: Flow) -> None:
    page = flow.http.get("/oauth2/authorize", params=flow.params())
    failed = flow.login(page, password="wrong")
    assert failed.status_code == 303
    again = flow.http.get(failed.headers["location"])
    assert '<form id="login"' in again.text
    assert "Wrong email or password" in again.text


def test_login_without_the_csrf_token_is_refused(flow: Flow) -> None:
    page = flow.http.get("/oauth2/authorize", params=flow.params())
    data = {"email": SEED.user.email, "password": SEED.user.password, "csrf_token": "forged"}
    answer = flow.http.post(form_action(page.text, "login"), data=data)
    assert_error_page(answer, "invalid_request")


def test_consent_with_a_tampered_csrf_token_issues_no_code(flow: Flow) -> None:
    page = flow.consent_page(flow.params())
    answer = flow.http.post(
        form_action(page.text, "consent"), data={"csrf_token": "tampered", "decision": "allow"}
    )
    assert_error_page(answer, "invalid_request")


def test_the_session_of_one_browser_is_not_valid_in_another(
    flow: Flow, new_browser: Callable[[], httpx.Client]
) -> None:
    page = flow.consent_page(flow.params())
    stranger = new_browser()
    data = {"csrf_token": csrf_token(page.text), "decision": "allow"}
    answer = stranger.post(form_action(page.text, "consent"), data=data)
    assert answer.status_code == 400  # no session cookie: no CSRF secret to match


def test_deny_redirects_access_denied_with_state_and_iss(flow: Flow) -> None:
    got = flow.authorize(decision="deny", state="keep me")
    assert got == {
        "error": ["access_denied"],
        "error_description": got["error_description"],
        "state": ["keep me"],
        "iss": ["http://127.0.0.1"],
    }


@pytest.mark.parametrize(
    "state_value",
    ["a b+c&d=e%20f", "ünïcödé ✓", "~!*'();:@&=+$,/?#[]", "x" * 2048, "%zz%", "'\"<>"],
)
def test_state_is_echoed_byte_for_byte(flow: Flow, state_value: str) -> None:
    assert flow.authorize(state=state_value)["state"] == [state_value]


def test_invalid_utf8_in_state_comes_back_as_the_same_bytes(flow: Flow) -> None:
    params = flow.params(state=None)
    flow.consent_page(params)  # signs in
    page = flow.http.get("/oauth2/authorize?" + str(httpx.QueryParams(params)) + "&state=%FF%FEok")
    answer = flow.consent(page)
    assert "&state=%FF%FEok&" in answer.headers["location"]


def test_empty_state_is_treated_as_omitted(flow: Flow) -> None:
    assert "state" not in flow.authorize(state="")


def test_unknown_parameters_are_ignored(flow: Flow) -> None:
    assert "code" in flow.authorize(unknown="1", prompt="none", nonce="n")


def test_authorization_request_by_post_is_supported(flow: Flow) -> None:
    params = flow.params()
    page = flow.http.post("/oauth2/authorize", data=params)
    done = flow.login(page)
    assert done.status_code == 303
    consent = flow.http.get(done.headers["location"])
    assert "code" in query(flow.consent(consent).headers["location"])


@pytest.mark.parametrize(
    "redirect_uri",
    [
        "https://evil.example.com/callback",
        "https://client.example.com/callbackX",
        "https://client.example.com/callback/",
        "https://client.example.com/callback?extra=1",
        "https://client.example.com/callback#frag",
        "http://client.example.com/callback",
        "https://CLIENT.example.com/callback",
        "https://client.example.com:8443/callback",
        "http://localhost:53127/callback",
        "http://127.0.0.1:53127/callback/..%2Fevil",
        "http://127.0.0.1:99999/callback",
        "http://127.0.0.1:80@evil.example.com/callback",
        "http://[::1]:53127/callback",
    ],
)
def test_unregistered_redirect_uri_gets_an_error_page_not_a_redirect(
    flow: Flow, redirect_uri: str
) -> None:
    answer = flow.http.get("/oauth2/authorize", params=flow.params(redirect_uri=redirect_uri))
    assert_error_page(answer, "invalid_request")


@pytest.mark.parametrize("port", ["", ":1", ":53127", ":65535"])
def test_loopback_ip_redirect_accepts_any_port(flow: Flow, port: str) -> None:
    uri = f"http://127.0.0.1{port}/callback"
    assert "code" in flow.authorize(redirect_uri=uri)


def test_unknown_client_gets_an_error_page(flow: Flow) -> None:
    answer = flow.http.get("/oauth2/authorize", params=flow.params(client_id="nobody.client.test"))
    assert_error_page(answer, "invalid_request")
    assert "Unknown" in answer.text


def test_missing_client_id_gets_an_error_page(flow: Flow) -> None:
    answer = flow.http.get("/oauth2/authorize", params=flow.params(client_id=None))
    assert_error_page(answer, "invalid_request")


def test_missing_redirect_uri_with_several_registered_gets_an_error_page(flow: Flow) -> None:
    answer = flow.http.get("/oauth2/authorize", params=flow.params(redirect_uri=None))
    assert_error_page(answer, "invalid_request")


def test_missing_redirect_uri_uses_the_only_registered_one(http: httpx.Client) -> None:
    public = Flow(http, client=SEED.public)
    answer = public.consent(public.consent_page(public.params(redirect_uri=None, scope="read")))
    assert answer.headers["location"].startswith("http://127.0.0.1/callback?code=")


@pytest.mark.parametrize("name", ["state", "redirect_uri", "client_id", "scope", "code_challenge"])
def test_repeated_parameters_are_rejected(flow: Flow, name: str) -> None:
    params = list(flow.params().items())
    params.append((name, dict(params)[name]))
    answer = flow.http.get("/oauth2/authorize", params=params)
    assert_error_page(answer, "invalid_request")


@pytest.mark.parametrize(
    ("overrides", "error"),
    [
        ({"response_type": "token"}, "unsupported_response_type"),
        ({"response_type": "code id_token"}, "unsupported_response_type"),
        ({"response_type": None}, "invalid_request"),
        ({"scope": "read admin"}, "invalid_scope"),
        ({"code_challenge_method": "plain"}, "invalid_request"),
        ({"code_challenge_method": "S512"}, "invalid_request"),
        ({"code_challenge_method": None}, "invalid_request"),
        ({"code_challenge": "too-short"}, "invalid_request"),
        ({"code_challenge": None}, "invalid_request"),
    ],
)
def test_request_errors_redirect_with_error_state_and_iss(
    flow: Flow, overrides: dict[str, str | None], error: str
) -> None:
    params = flow.params(state="s-1", **overrides)
    if overrides.get("code_challenge", "") is None:
        params["code_challenge_method"] = "S256"
    answer = flow.http.get("/oauth2/authorize", params=params)
    assert answer.status_code == 302
    assert_hardened(answer)
    got = query(answer.headers["location"])
    assert got["error"] == [error]
    assert got["state"] == ["s-1"]
    assert got["iss"] == ["http://127.0.0.1"]
    assert "code" not in got


def test_public_client_without_pkce_is_refused(http: httpx.Client) -> None:
    public = Flow(http, client=SEED.public, redirect_uri="http://127.0.0.1/callback")
    params = public.params(code_challenge=None, code_challenge_method=None, scope="read")
    got = query(http.get("/oauth2/authorize", params=params).headers["location"])
    assert got["error"] == ["invalid_request"]
    assert "code_challenge" in got["error_description"][0]


def test_empty_code_challenge_counts_as_missing_for_the_public_client(http: httpx.Client) -> None:
    public = Flow(http, client=SEED.public, redirect_uri="http://127.0.0.1/callback")
    params = public.params(code_challenge="", code_challenge_method=None, scope="read")
    got = query(http.get("/oauth2/authorize", params=params).headers["location"])
    assert got["error"] == ["invalid_request"]


@pytest.mark.parametrize(
    ("scope", "granted"),
    [
        (None, "read"),
        ("", "read"),
        ("*", "read write"),
        ("mcp", "mcp"),
        ("write read", "read write"),
    ],
)
def test_scope_defaults_and_expansion(flow: Flow, scope: str | None, granted: str) -> None:
    assert flow.tokens(scope=scope)["scope"] == granted


@pytest.mark.parametrize("settings", [MockSettings(pkce_plain_allowed=True)])
def test_plain_pkce_can_be_allowed_by_setting(flow: Flow, settings: MockSettings) -> None:
    params = flow.params(code_challenge="p" * 43, code_challenge_method="plain")
    answer = flow.consent(flow.consent_page(params))
    code = query(answer.headers["location"])["code"][0]
    assert flow.exchange(code, code_verifier="p" * 43).status_code == 200


def test_consent_post_revalidates_the_request(flow: Flow, state: MockState) -> None:
    page = flow.consent_page(flow.params(redirect_uri="https://client.example.com/callback"))
    action = form_action(page.text, "consent").replace("client.example.com", "evil.example.com")
    answer = flow.http.post(action, data={"csrf_token": csrf_token(page.text), "decision": "allow"})
    assert_error_page(answer, "invalid_request")


def test_consent_before_signing_in_sends_the_browser_to_the_login_page(flow: Flow) -> None:
    params = flow.params()
    login = flow.http.get("/oauth2/authorize", params=params)  # a session, not signed in
    action = form_action(login.text, "login").replace("/oauth2/login", "/oauth2/consent")
    data = {"csrf_token": csrf_token(login.text), "decision": "allow"}
    answer = flow.http.post(action, data=data)
    assert answer.status_code == 303
    assert answer.headers["location"].startswith("/oauth2/authorize?")
    assert '<form id="login"' in flow.http.get(answer.headers["location"]).text
