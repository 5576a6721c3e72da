"""RFC 8414 metadata, and the /_mock/* control endpoints (only when enabled)."""

from __future__ import annotations

import httpx
import pytest

from harness.mock import MockSettings, MockState
from tests.mock.flow import Flow

CONTROL = MockSettings(control=True)


def test_metadata_describes_the_mock(http: httpx.Client) -> None:
    answer = http.get("/.well-known/oauth-authorization-server")
    assert answer.status_code == 200
    assert answer.headers["content-type"] == "application/json"
    doc = answer.json()
    issuer = "http://127.0.0.1"
    assert doc["issuer"] == issuer
    assert doc["authorization_endpoint"] == issuer + "/oauth2/authorize"
    assert doc["token_endpoint"] == issuer + "/oauth2/token"
    assert doc["revocation_endpoint"] == issuer + "/oauth2/revoke"
    assert doc["response_types_supported"] == ["code"]
    assert doc["grant_types_supported"] == [
        "authorization_code",
        "refresh_token",
        "client_credentials",
    ]
    assert set(doc["token_endpoint_auth_methods_supported"]) == {
        "client_secret_post",
        "client_secret_basic",
        "none",
    }
    assert doc["code_challenge_methods_supported"] == ["S256"]
    assert doc["authorization_response_iss_parameter_supported"] is True
    assert "invented" in doc["x_harness_mock"].lower()


@pytest.mark.parametrize("settings", [MockSettings(pkce_plain_allowed=True)])
def test_metadata_lists_plain_when_allowed(http: httpx.Client, settings: MockSettings) -> None:
    doc = http.get("/.well-known/oauth-authorization-server").json()
    assert doc["code_challenge_methods_supported"] == ["S256", "plain"]


@pytest.mark.parametrize("path", ["/_mock/clock", "/_mock/defects", "/_mock/reset"])
def test_control_endpoints_are_absent_by_default(http: httpx.Client, path: str) -> None:
    assert http.post(path, data={"advance": "1", "clear": "1"}).status_code == 404


@pytest.mark.parametrize("settings", [CONTROL])
def test_control_advances_the_clock(flow: Flow, state: MockState, settings: MockSettings) -> None:
    code = flow.code()
    answer = flow.http.post("/_mock/clock", data={"advance": "61"})
    assert answer.status_code == 200
    assert answer.json()["offset"] == 61
    assert flow.exchange(code).json()["error"] == "invalid_grant"


@pytest.mark.parametrize("settings", [CONTROL])
@pytest.mark.parametrize("value", ["", "soon", "-5", "nan", "inf"])
def test_control_refuses_a_bad_advance(
    http: httpx.Client, state: MockState, settings: MockSettings, value: str
) -> None:
    answer = http.post("/_mock/clock", data={"advance": value})
    assert answer.status_code == 400
    assert "advance" in answer.json()["error"]
    assert state.clock.offset == 0


@pytest.mark.parametrize("settings", [CONTROL])
def test_control_switches_defects(
    http: httpx.Client, state: MockState, settings: MockSettings
) -> None:
    answer = http.post("/_mock/defects", data={"enable": "code-reusable, iss-missing"})
    assert answer.json()["active"] == ["code-reusable", "iss-missing"]
    assert state.defects.active() == {"code-reusable", "iss-missing"}
    http.post("/_mock/defects", data={"disable": "iss-missing"})
    assert state.defects.active() == {"code-reusable"}
    assert http.get("/_mock/defects").json()["active"] == ["code-reusable"]
    http.post("/_mock/defects", data={"clear": "1"})
    assert state.defects.active() == frozenset()


@pytest.mark.parametrize("settings", [CONTROL])
def test_control_names_the_nearest_defect(
    http: httpx.Client, state: MockState, settings: MockSettings
) -> None:
    answer = http.post("/_mock/defects", data={"enable": "state-dropped,code-reuseable"})
    assert answer.status_code == 400
    assert (
        answer.json()["error"] == "unknown defect 'code-reuseable'; did you mean 'code-reusable'?"
    )
    assert state.defects.active() == frozenset()  # nothing half-applied


@pytest.mark.parametrize("settings", [CONTROL])
def test_control_reset_forgets_everything(
    flow: Flow, state: MockState, settings: MockSettings
) -> None:
    tokens = flow.tokens()
    state.defects.enable("code-reusable")
    state.clock.advance(5)
    assert flow.http.post("/_mock/reset").json() == {"ok": True}
    assert state.defects.active() == frozenset()
    assert state.clock.offset == 0
    assert flow.api(tokens["access_token"]).status_code == 401
