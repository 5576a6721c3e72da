"""The token endpoint: code exchange, client authentication, PKCE and RFC 6749 §5 responses."""

from __future__ import annotations

import base64
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import quote

import httpx
import pytest

from harness.mock import SEED, MockState
from tests.mock.flow import Flow, pkce_pair


def assert_token_error(response: httpx.Response, error: str, status: int = 400) -> None:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/json"
    assert response.headers["cache-control"] == "no-store"
    assert response.headers["pragma"] == "no-cache"
    assert response.json()["error"] == error


def basic(client_id: str, secret: str) -> dict[str, str]:
    """RFC 6749 §2.3.1: form-urlencode id and secret, then Basic-encode."""
    raw = f"{quote(client_id, safe='')}:{quote(secret, safe='')}".encode()
    return {"Authorization": "Basic " + base64.b64encode(raw).decode()}


def test_code_exchange_returns_a_bearer_token_response(flow: Flow) -> None:
    answer = flow.exchange(flow.code())
    assert answer.status_code == 200
    assert answer.headers["content-type"] == "application/json"
    assert answer.headers["cache-control"] == "no-store"  # RFC 6749 §5.1
    assert answer.headers["pragma"] == "no-cache"
    body = answer.json()
    assert body["token_type"] == "Bearer"
    assert body["expires_in"] == 3600
    assert body["scope"] == "read write"
    assert len(body["access_token"]) >= 43
    assert len(body["refresh_token"]) >= 43
    assert body["access_token"] != body["refresh_token"]


def test_basic_auth_with_reserved_characters_in_the_secret(flow: Flow) -> None:
    code = flow.code()
    data = {
        "grant_type": "authorization_code",
        "code": code,
        "redirect_uri": flow.redirect_uri,
        "code_verifier": flow.verifier,
    }
    answer = flow.http.post(
        "/oauth2/token", data=data, headers=basic(SEED.primary.id, SEED.primary.secret or "")
    )
    assert answer.status_code == 200, answer.text


def test_a_reused_code_is_refused_and_its_tokens_are_revoked(flow: Flow) -> None:
    code = flow.code()
    first = flow.exchange(code).json()
    assert_token_error(flow.exchange(code), "invalid_grant")
    assert flow.api(first["access_token"]).status_code == 401
    assert_token_error(flow.refresh(first["refresh_token"]), "invalid_grant")


def test_concurrent_exchanges_of_one_code_succeed_once(flow: Flow) -> None:
    code = flow.code()
    with ThreadPoolExecutor(8) as pool:
        statuses = list(pool.map(lambda _: flow.exchange(code).status_code, range(8)))
    assert sorted(statuses) == [200] + [400] * 7


def test_a_code_expires_after_60_seconds(flow: Flow, state: MockState) -> None:
    code = flow.code()
    state.clock.advance(60)
    assert_token_error(flow.exchange(code), "invalid_grant")


def test_a_code_is_still_good_just_before_it_expires(flow: Flow, state: MockState) -> None:
    code = flow.code()
    state.clock.advance(59)
    assert flow.exchange(code).status_code == 200


def test_a_code_is_bound_to_its_client(flow: Flow) -> None:
    code = flow.code()
    assert_token_error(flow.exchange(code, client=SEED.second), "invalid_grant")
    assert flow.exchange(code).status_code == 200  # the refusal did not burn it


def test_a_code_is_bound_to_its_redirect_uri(flow: Flow) -> None:
    code = flow.code()
    other = "http://127.0.0.1:1/callback"
    assert_token_error(flow.exchange(code, redirect_uri=other), "invalid_grant")
    assert_token_error(flow.exchange(code, redirect_uri=None), "invalid_request")
    assert flow.exchange(code).status_code == 200


def test_unknown_code_is_invalid_grant(flow: Flow) -> None:
    assert_token_error(flow.exchange("not-a-code"), "invalid_grant")


@pytest.mark.parametrize(
    ("verifier", "error"),
    [
        (None, "invalid_grant"),
        ("w" * 43, "invalid_grant"),
        ("short", "invalid_request"),
    ],
)
def test_pkce_verifier_must_match(flow: Flow, verifier: str | None, error: str) -> None:
    code = flow.code()
    answer = flow.exchange(code, code_verifier=verifier)
    assert_token_error(answer, error)
    assert "code_verifier" in answer.json()["error_description"]


def test_the_challenge_itself_is_not_a_valid_verifier(flow: Flow) -> None:
    params = flow.params()
    page = flow.consent_page(params)
    code = httpx.URL(flow.consent(page).headers["location"]).params["code"]
    assert_token_error(flow.exchange(code, code_verifier=params["code_challenge"]), "invalid_grant")


def test_a_verifier_for_a_code_without_challenge_is_a_downgrade(flow: Flow) -> None:
    code = flow.code(code_challenge=None, code_challenge_method=None)
    verifier, _ = pkce_pair()
    assert_token_error(flow.exchange(code, code_verifier=verifier), "invalid_request")


def test_confidential_client_may_skip_pkce(flow: Flow) -> None:
    code = flow.code(code_challenge=None, code_challenge_method=None)
    assert flow.exchange(code, code_verifier=None).status_code == 200


def test_public_client_exchanges_with_client_id_and_verifier(http: httpx.Client) -> None:
    public = Flow(http, client=SEED.public, redirect_uri="http://127.0.0.1/callback")
    tokens = public.tokens(scope="read")
    assert tokens["scope"] == "read"
    assert public.api(tokens["access_token"]).status_code == 200


def test_public_client_cannot_send_a_secret(http: httpx.Client) -> None:
    public = Flow(http, client=SEED.public, redirect_uri="http://127.0.0.1/callback")
    answer = public.exchange(public.code(scope="read"), client_secret="guess")
    assert_token_error(answer, "invalid_client", 401)


@pytest.mark.parametrize(
    "auth",
    [
        {"client_id": SEED.primary.id},
        {"client_id": SEED.primary.id, "client_secret": "wrong"},
        {"client_id": "nobody.client.test", "client_secret": "x"},
        {},
    ],
)
def test_failed_client_authentication_is_401_invalid_client(
    flow: Flow, auth: dict[str, str]
) -> None:
    code = flow.code()
    data = {
        "grant_type": "authorization_code",
        "code": code,
        "redirect_uri": flow.redirect_uri,
        "code_verifier": flow.verifier,
        **auth,
    }
    answer = flow.http.post("/oauth2/token", data=data)
    assert_token_error(answer, "invalid_client", 401)
    assert answer.headers["www-authenticate"] == 'Basic realm="taskade-mock"'


@pytest.mark.parametrize(
    "header",
    [
        basic(SEED.primary.id, "wrong"),
        {"Authorization": "Basic !!!"},
        {"Authorization": "Basic " + base64.b64encode(b"\xff:\xfe").decode()},
    ],
)
def test_failed_basic_authentication_gets_a_basic_challenge(
    flow: Flow, header: dict[str, str]
) -> None:
    data = {
        "grant_type": "authorization_code",
        "code": flow.code(),
        "redirect_uri": flow.redirect_uri,
    }
    answer = flow.http.post("/oauth2/token", data=data, headers=header)
    assert_token_error(answer, "invalid_client", 401)
    assert answer.headers["www-authenticate"].startswith("Basic ")


def test_a_failed_basic_attempt_is_not_rescued_by_a_public_client_id(http: httpx.Client) -> None:
    public = Flow(http, client=SEED.public, redirect_uri="http://127.0.0.1/callback")
    code = public.code(scope="read")
    data = {
        "grant_type": "authorization_code",
        "code": code,
        "redirect_uri": public.redirect_uri,
        "code_verifier": public.verifier,
        "client_id": SEED.public.id,
    }
    answer = http.post("/oauth2/token", data=data, headers=basic(SEED.primary.id, "wrong"))
    assert_token_error(answer, "invalid_client", 401)


def test_two_client_authentication_methods_are_refused(flow: Flow) -> None:
    code = flow.code()
    answer = flow.http.post(
        "/oauth2/token",
        data={
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": flow.redirect_uri,
            "code_verifier": flow.verifier,
            "client_secret": SEED.primary.secret,
        },
        headers=basic(SEED.primary.id, SEED.primary.secret or ""),
    )
    assert_token_error(answer, "invalid_request")


def test_client_credentials_in_the_query_string_are_ignored(flow: Flow) -> None:
    code = flow.code()
    answer = flow.http.post(
        "/oauth2/token",
        params={"client_id": SEED.primary.id, "client_secret": SEED.primary.secret},
        data={
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": flow.redirect_uri,
            "code_verifier": flow.verifier,
        },
    )
    assert_token_error(answer, "invalid_client", 401)


@pytest.mark.parametrize("grant_type", ["password", "implicit", "foo"])
def test_other_grant_types_are_unsupported(flow: Flow, grant_type: str) -> None:
    data = {
        "grant_type": grant_type,
        "username": SEED.user.email,
        "password": SEED.user.password,
        **flow.auth(),
    }
    answer = flow.http.post("/oauth2/token", data=data)
    assert_token_error(answer, "unsupported_grant_type")
    assert grant_type not in answer.json().get("error_description", "")


def test_missing_grant_type_is_invalid_request(flow: Flow) -> None:
    assert_token_error(flow.http.post("/oauth2/token", data=flow.auth()), "invalid_request")


def test_a_json_body_is_invalid_request(flow: Flow) -> None:
    answer = flow.http.post(
        "/oauth2/token", json={"grant_type": "authorization_code", **flow.auth()}
    )
    assert_token_error(answer, "invalid_request")


@pytest.mark.parametrize("name", ["code", "grant_type", "client_id"])
def test_repeated_token_parameters_are_refused(flow: Flow, name: str) -> None:
    code = flow.code()
    data = {
        "grant_type": "authorization_code",
        "code": code,
        "redirect_uri": flow.redirect_uri,
        "code_verifier": flow.verifier,
        **flow.auth(),
    }
    pairs = [*data.items(), (name, data[name])]
    answer = flow.http.post(
        "/oauth2/token",
        content=str(httpx.QueryParams(pairs)),
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert_token_error(answer, "invalid_request")
    assert name in answer.json()["error_description"]


@pytest.mark.parametrize("name", ['we"ird', "ünï", "x" * 100])
def test_a_repeated_odd_parameter_name_is_not_echoed(flow: Flow, name: str) -> None:
    pairs = [("grant_type", "refresh_token"), (name, "1"), (name, "2")]
    answer = flow.http.post(
        "/oauth2/token",
        content=str(httpx.QueryParams(pairs)),
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert_token_error(answer, "invalid_request")
    assert answer.json()["error_description"] == "Repeated parameter"


def test_unknown_token_parameters_are_ignored(flow: Flow) -> None:
    assert flow.exchange(flow.code(), resource="x", foo="bar").status_code == 200


def test_the_token_endpoint_is_post_only(http: httpx.Client) -> None:
    assert http.get("/oauth2/token").status_code == 405
