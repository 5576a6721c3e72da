"""The grant_types setting: which grants the mock serves and advertises, validated on load,
held in the run-time state and reset from the settings; and each grant's own rules."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from harness.mock import SEED, MockSettings, MockState, SettingsError, create_app, load_settings
from tests.mock.flow import Flow, query

METADATA = "/.well-known/oauth-authorization-server"
TOKEN = "/oauth2/token"


def _client(settings: MockSettings, state: MockState | None = None) -> httpx.Client:
    state = state or MockState(settings.defects, settings.grant_types)
    app = create_app(settings, state)
    return httpx.Client(transport=httpx.WSGITransport(app=app), base_url=settings.issuer)


def _settings_file(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "mock.toml"
    path.write_text(text, encoding="utf-8")
    return path


# -- the setting ----------------------------------------------------------------------------------
def test_the_default_serves_code_refresh_and_client_credentials() -> None:
    assert MockSettings().grant_types == {
        "authorization_code",
        "refresh_token",
        "client_credentials",
    }


def test_grant_types_load_from_toml(tmp_path: Path) -> None:
    path = _settings_file(
        tmp_path, 'grant_types = ["authorization_code", "password", "implicit"]\n'
    )
    assert load_settings(path).grant_types == {"authorization_code", "password", "implicit"}


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ('grant_types = ["authorization_code", "magic"]', "grant_types: unknown 'magic' (use"),
        ('grant_types = ["refresh_token"]', "authorization_code cannot be switched off"),
        ('grant_types = "password"', "grant_types: expected a list of strings"),
        (
            'grant_types = ["authorization_code", "password", "password"]',
            "grant_types: a grant type is listed twice",
        ),
        ('grant_type = ["authorization_code"]', "did you mean 'grant_types'?"),
    ],
)
def test_bad_grant_types_are_one_line_errors(tmp_path: Path, text: str, problem: str) -> None:
    path = _settings_file(tmp_path, text + "\n")
    with pytest.raises(SettingsError) as caught:
        load_settings(path)
    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith(f"{path}: ")
    assert problem in message


def test_the_state_resets_grants_from_the_settings() -> None:
    state = MockState(grant_types={"authorization_code", "password"})
    state.grant_types.enable("implicit")
    state.grant_types.disable("password")
    assert state.grant_types.active() == {"authorization_code", "implicit"}
    state.reset()
    assert state.grant_types.active() == {"authorization_code", "password"}
    with pytest.raises(ValueError, match="unknown grant type 'magic'"):
        state.grant_types.enable("magic")


def test_a_defect_enables_the_grant_it_declares() -> None:
    state = MockState()
    assert not state.grant_enabled("password")
    state.defects.enable("password-user-enumeration")
    assert state.grant_enabled("password")
    state.reset()
    assert not state.grant_enabled("password")


# -- metadata -------------------------------------------------------------------------------------
def test_metadata_advertises_exactly_the_enabled_grants() -> None:
    every = {"authorization_code", "refresh_token", "client_credentials", "password", "implicit"}
    with _client(MockSettings(grant_types=every)) as http:
        doc = http.get(METADATA).json()
    assert doc["grant_types_supported"] == [
        "authorization_code",
        "refresh_token",
        "client_credentials",
        "password",
        "implicit",
    ]
    assert doc["response_types_supported"] == ["code", "token"]
    assert doc["response_modes_supported"] == ["query", "fragment"]
    with _client(MockSettings(grant_types={"authorization_code"})) as http:
        doc = http.get(METADATA).json()
    assert doc["grant_types_supported"] == ["authorization_code"]
    assert doc["response_types_supported"] == ["code"]


# -- the token endpoint ---------------------------------------------------------------------------
def test_client_credentials_issue_a_token_without_refresh_token_that_works() -> None:
    with _client(MockSettings()) as http:
        flow = Flow(http)
        answer = http.post(TOKEN, data={"grant_type": "client_credentials", **flow.auth()})
        assert answer.status_code == 200, answer.text
        body = answer.json()
        assert body["token_type"] == "Bearer"
        assert body["expires_in"] == 3600
        assert body["scope"] == "read"  # the client's default scope (RFC 6749 §3.3)
        assert "refresh_token" not in body  # RFC 6749 §4.4.3
        assert answer.headers["cache-control"] == "no-store"
        assert flow.api(body["access_token"]).status_code == 200
        ping = http.get("/oauth2/ping", headers={"Authorization": f"Bearer {body['access_token']}"})
        assert ping.json() == {"handle": None, "client_id": SEED.primary.id}


def test_client_credentials_switched_off_is_unsupported() -> None:
    settings = MockSettings(grant_types={"authorization_code", "refresh_token"})
    with _client(settings) as http:
        flow = Flow(http)
        answer = http.post(TOKEN, data={"grant_type": "client_credentials", **flow.auth()})
        assert (answer.status_code, answer.json()["error"]) == (400, "unsupported_grant_type")
        assert answer.json()["error_description"] == "Supported: authorization_code, refresh_token"


def test_the_password_grant_works_only_when_enabled() -> None:
    data = {"grant_type": "password", "username": SEED.user.email, "password": SEED.user.password}
    with _client(MockSettings()) as http:
        refused = http.post(TOKEN, data={**data, **Flow(http).auth()})
        assert refused.json()["error"] == "unsupported_grant_type"
    enabled = MockSettings(grant_types={"authorization_code", "refresh_token", "password"})
    with _client(enabled) as http:
        flow = Flow(http)
        answer = http.post(TOKEN, data={**data, **flow.auth()})
        assert answer.status_code == 200, answer.text
        assert flow.api(answer.json()["access_token"]).status_code == 200
        wrong = http.post(TOKEN, data={**data, "password": "nope", **flow.auth()})
        unknown = http.post(TOKEN, data={**data, "username": "x@example.com", **flow.auth()})
        assert wrong.status_code == unknown.status_code == 400
        assert wrong.json() == unknown.json()
        assert wrong.json()["error"] == "invalid_grant"


def test_refresh_switched_off_issues_no_refresh_token() -> None:
    with _client(MockSettings(grant_types={"authorization_code"})) as http:
        flow = Flow(http)
        body = flow.tokens()
        assert "refresh_token" not in body
        answer = flow.refresh("anything")
        assert answer.json()["error"] == "unsupported_grant_type"


def test_the_implicit_grant_answers_in_the_fragment_only_when_enabled() -> None:
    enabled = MockSettings(grant_types={"authorization_code", "implicit"})
    with _client(enabled) as http:
        flow = Flow(http)
        page = flow.consent_page(flow.params(response_type="token", state="s-1"))
        answer = flow.consent(page)
        location = answer.headers["location"]
        target, _, fragment = location.partition("#")
        assert "?" not in target
        got = query("?" + fragment)
        assert sorted(got) == ["access_token", "expires_in", "scope", "state", "token_type"]
        assert got["state"] == ["s-1"]
    with _client(MockSettings()) as http:
        flow = Flow(http)
        page = flow.consent_page(flow.params(response_type="token"))
        location = page.headers.get("location", "")
        assert query(location)["error"] == ["unsupported_response_type"]
