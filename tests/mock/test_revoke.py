"""RFC 7009 revocation: client auth, refresh-token families, unknown tokens, the setting."""

from __future__ import annotations

import httpx
import pytest

from harness.mock import SEED, MockSettings
from tests.mock.flow import Flow


def revoke(flow: Flow, token: str, **extra: str) -> httpx.Response:
    return flow.http.post("/oauth2/revoke", data={"token": token, **flow.auth(), **extra})


def test_revoking_an_access_token_stops_it_at_the_api(flow: Flow) -> None:
    tokens = flow.tokens()
    answer = revoke(flow, tokens["access_token"], token_type_hint="access_token")
    assert answer.status_code == 200
    assert flow.api(tokens["access_token"]).status_code == 401
    assert flow.refresh(tokens["refresh_token"]).status_code == 200  # the RT lives on


def test_revoking_a_refresh_token_revokes_its_access_tokens(flow: Flow) -> None:
    tokens = flow.tokens()
    assert revoke(flow, tokens["refresh_token"]).status_code == 200
    assert flow.refresh(tokens["refresh_token"]).json()["error"] == "invalid_grant"
    assert flow.api(tokens["access_token"]).status_code == 401


@pytest.mark.parametrize("hint", ["refresh_token", "access_token", "made_up"])
def test_the_hint_only_orders_the_search(flow: Flow, hint: str) -> None:
    tokens = flow.tokens()
    assert revoke(flow, tokens["refresh_token"], token_type_hint=hint).status_code == 200
    assert flow.refresh(tokens["refresh_token"]).status_code == 400


def test_unknown_tokens_get_200(flow: Flow) -> None:
    assert revoke(flow, "never-issued").status_code == 200


def test_revocation_needs_client_authentication(flow: Flow) -> None:
    tokens = flow.tokens()
    answer = flow.http.post("/oauth2/revoke", data={"token": tokens["access_token"]})
    assert answer.status_code == 401
    assert answer.json()["error"] == "invalid_client"
    assert answer.headers["www-authenticate"].startswith("Basic ")
    assert flow.api(tokens["access_token"]).status_code == 200


def test_a_client_cannot_revoke_another_clients_token(flow: Flow) -> None:
    tokens = flow.tokens()
    other = Flow(flow.http, client=SEED.second)
    answer = revoke(other, tokens["access_token"])
    assert answer.status_code == 400
    assert flow.api(tokens["access_token"]).status_code == 200


def test_missing_token_parameter_is_invalid_request(flow: Flow) -> None:
    answer = flow.http.post("/oauth2/revoke", data=flow.auth())
    assert answer.status_code == 400
    assert answer.json() == {"error": "invalid_request", "error_description": "Missing 'token'"}


@pytest.mark.parametrize("settings", [MockSettings(revocation_enabled=False)])
def test_revocation_can_be_switched_off(flow: Flow, settings: MockSettings) -> None:
    assert revoke(flow, "anything").status_code == 404
    metadata = flow.http.get("/.well-known/oauth-authorization-server").json()
    assert "revocation_endpoint" not in metadata


def test_a_client_cannot_revoke_another_clients_refresh_token(flow: Flow) -> None:
    tokens = flow.tokens()
    other = Flow(flow.http, client=SEED.second)
    answer = revoke(other, tokens["refresh_token"], token_type_hint="refresh_token")
    assert (answer.status_code, answer.json()["error"]) == (400, "invalid_grant")
    assert flow.refresh(tokens["refresh_token"]).status_code == 200


def test_a_confidential_client_id_alone_cannot_revoke(flow: Flow) -> None:
    tokens = flow.tokens()
    data = {"token": tokens["access_token"], "client_id": SEED.primary.id}
    answer = flow.http.post("/oauth2/revoke", data=data)
    assert (answer.status_code, answer.json()["error"]) == (401, "invalid_client")
    assert flow.api(tokens["access_token"]).status_code == 200
