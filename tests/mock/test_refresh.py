"""Refresh tokens: rotation, replay detection with family revocation, binding and scope."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from harness.mock import SEED, MockState
from tests.mock.flow import Flow


def error_of(response: httpx.Response) -> str:
    assert response.status_code == 400, response.text
    return str(response.json()["error"])


def test_refresh_rotates_the_refresh_token(flow: Flow) -> None:
    first = flow.tokens()
    answer = flow.refresh(first["refresh_token"])
    assert answer.status_code == 200
    assert answer.headers["cache-control"] == "no-store"
    second = answer.json()
    assert second["refresh_token"] != first["refresh_token"]
    assert second["access_token"] != first["access_token"]
    assert second["expires_in"] == 3600
    assert second["scope"] == "read write"
    assert flow.api(second["access_token"]).status_code == 200
    assert flow.refresh(second["refresh_token"]).status_code == 200


def test_replaying_a_rotated_refresh_token_revokes_the_family(flow: Flow) -> None:
    first = flow.tokens()
    second = flow.refresh(first["refresh_token"]).json()
    assert error_of(flow.refresh(first["refresh_token"])) == "invalid_grant"
    assert error_of(flow.refresh(second["refresh_token"])) == "invalid_grant"
    assert flow.api(second["access_token"]).status_code == 401
    assert flow.api(first["access_token"]).status_code == 401


def test_concurrent_refreshes_with_one_token_succeed_once(flow: Flow) -> None:
    token = flow.tokens()["refresh_token"]
    with ThreadPoolExecutor(8) as pool:
        statuses = list(pool.map(lambda _: flow.refresh(token).status_code, range(8)))
    assert sorted(statuses) == [200] + [400] * 7


def test_a_refresh_token_is_bound_to_its_client(flow: Flow) -> None:
    token = flow.tokens()["refresh_token"]
    assert error_of(flow.refresh(token, client=SEED.second)) == "invalid_grant"
    assert flow.refresh(token).status_code == 200


def test_refresh_requires_client_authentication(flow: Flow) -> None:
    token = flow.tokens()["refresh_token"]
    answer = flow.http.post(
        "/oauth2/token", data={"grant_type": "refresh_token", "refresh_token": token}
    )
    assert answer.status_code == 401
    assert answer.json()["error"] == "invalid_client"


def test_scope_may_narrow_and_the_new_refresh_token_keeps_the_original_scope(flow: Flow) -> None:
    first = flow.tokens(scope="read write")
    narrowed = flow.refresh(first["refresh_token"], scope="read").json()
    assert narrowed["scope"] == "read"
    assert flow.api(narrowed["access_token"], "/api/v1/write-probe").status_code == 403
    again = flow.refresh(narrowed["refresh_token"]).json()
    assert again["scope"] == "read write"  # RFC 6749 §6: the RT kept the original grant


@pytest.mark.parametrize("scope", ["read write", "*", "admin"])
def test_scope_never_widens(flow: Flow, scope: str) -> None:
    token = flow.tokens(scope="read")["refresh_token"]
    assert error_of(flow.refresh(token, scope=scope)) == "invalid_scope"
    assert flow.refresh(token).status_code == 200  # the refusal did not spend it


def test_unknown_or_missing_refresh_token(flow: Flow) -> None:
    assert error_of(flow.refresh("bogus")) == "invalid_grant"
    answer = flow.http.post("/oauth2/token", data={"grant_type": "refresh_token", **flow.auth()})
    assert error_of(answer) == "invalid_request"


def test_refresh_tokens_expire(flow: Flow, state: MockState) -> None:
    token = flow.tokens()["refresh_token"]
    state.clock.advance(30 * 24 * 3600)
    assert error_of(flow.refresh(token)) == "invalid_grant"


def test_the_public_client_refreshes_with_its_client_id(http: httpx.Client) -> None:
    public = Flow(http, client=SEED.public, redirect_uri="http://127.0.0.1/callback")
    token = public.tokens(scope="read")["refresh_token"]
    answer = public.refresh(token)
    assert answer.status_code == 200
    assert answer.json()["refresh_token"] != token
