"""The protected resource: Taskade's shapes, RFC 6750 challenges, rate limiting."""

from __future__ import annotations

import httpx
import pytest

from harness.mock import MockSettings, MockState
from tests.mock.flow import Flow

UNAUTHORIZED = {
    "ok": False,
    "message": "Unauthorized",
    "code": "UNAUTHORIZED",
    "statusMessage": "Unauthorized",
}
BARE = 'Bearer realm="taskade-mock"'
INVALID = 'Bearer realm="taskade-mock", error="invalid_token"'


@pytest.fixture
def token(flow: Flow) -> str:
    return str(flow.tokens(scope="read")["access_token"])


def get(http: httpx.Client, path: str, auth: str | None = None, **params: str) -> httpx.Response:
    headers = {"Authorization": auth} if auth is not None else {}
    return http.get(path, headers=headers, params=params)


def test_workspaces_in_taskade_shape(http: httpx.Client, token: str) -> None:
    answer = get(http, "/api/v1/workspaces", f"Bearer {token}")
    assert answer.status_code == 200
    assert answer.headers["cache-control"] == "private, no-store"
    body = answer.json()
    assert body["ok"] is True
    assert all(set(item) == {"id", "name"} for item in body["items"])
    assert all(len(item["id"]) == 16 and item["id"].isalnum() for item in body["items"])


def test_projects_honour_limit_page_and_sort(http: httpx.Client, token: str) -> None:
    auth = f"Bearer {token}"
    first = get(http, "/api/v1/me/projects", auth, limit="10", page="1").json()["items"]
    second = get(http, "/api/v1/me/projects", auth, limit="10", page="2").json()["items"]
    assert len(first) == len(second) == 10
    assert not {p["id"] for p in first} & {p["id"] for p in second}
    everything = get(http, "/api/v1/me/projects", auth).json()["items"]
    ascending = get(http, "/api/v1/me/projects", auth, sort="viewed-asc").json()["items"]
    assert ascending == list(reversed(everything))
    assert get(http, "/api/v1/me/projects", auth, page="99").json()["items"] == []


@pytest.mark.parametrize(
    ("name", "value"),
    [("limit", "0"), ("limit", "x"), ("limit", "²"), ("page", "-1"), ("sort", "name")],
)
def test_projects_reject_bad_parameters(
    http: httpx.Client, token: str, name: str, value: str
) -> None:
    answer = get(http, "/api/v1/me/projects", f"Bearer {token}", **{name: value})
    assert answer.status_code == 400
    assert answer.json()["code"] == "BAD_REQUEST"
    assert name in answer.json()["message"]


def test_ping_returns_the_handle(http: httpx.Client, token: str) -> None:
    answer = http.get(
        "/oauth2/ping", headers={"Authorization": f"bearer {token}", "Accept": "application/json"}
    )
    assert answer.json() == {"handle": "harness-user"}


@pytest.mark.parametrize("scheme", ["Bearer", "bearer", "BEARER", "bEaReR"])
def test_the_scheme_is_case_insensitive(http: httpx.Client, token: str, scheme: str) -> None:
    assert get(http, "/api/v1/workspaces", f"{scheme} {token}").status_code == 200


def test_no_credentials_get_a_bare_bearer_challenge(http: httpx.Client) -> None:
    answer = get(http, "/api/v1/workspaces")
    assert answer.status_code == 401
    assert answer.json() == UNAUTHORIZED
    assert answer.headers["www-authenticate"] == BARE


@pytest.mark.parametrize("auth", ["Bearer unknown-token", "Bearer abc=="])
def test_an_unknown_token_gets_invalid_token(http: httpx.Client, auth: str) -> None:
    answer = get(http, "/api/v1/workspaces", auth)
    assert answer.status_code == 401
    assert answer.json() == UNAUTHORIZED  # identical to the missing-token body (Taskade)
    assert answer.headers["www-authenticate"] == INVALID


def test_an_expired_token_gets_invalid_token(
    http: httpx.Client, token: str, state: MockState
) -> None:
    state.clock.advance(3599)
    assert get(http, "/api/v1/workspaces", f"Bearer {token}").status_code == 200
    state.clock.advance(1)
    answer = get(http, "/api/v1/workspaces", f"Bearer {token}")
    assert answer.status_code == 401
    assert answer.headers["www-authenticate"] == INVALID


def test_a_token_without_write_gets_403_insufficient_scope(http: httpx.Client, token: str) -> None:
    answer = get(http, "/api/v1/write-probe", f"Bearer {token}")
    assert answer.status_code == 403
    assert answer.json()["code"] == "FORBIDDEN"
    assert 'error="insufficient_scope"' in answer.headers["www-authenticate"]


def test_a_token_with_write_passes_the_write_probe(flow: Flow) -> None:
    tokens = flow.tokens(scope="read write")
    assert flow.api(tokens["access_token"], "/api/v1/write-probe").status_code == 200


def test_a_token_in_the_query_is_not_accepted(http: httpx.Client, token: str) -> None:
    answer = http.get("/api/v1/workspaces", params={"access_token": token})
    assert answer.status_code == 401  # treated as a request without credentials
    assert answer.headers["www-authenticate"] == BARE


def test_a_token_in_header_and_query_is_invalid_request(http: httpx.Client, token: str) -> None:
    answer = get(http, "/api/v1/workspaces", f"Bearer {token}", access_token=token)
    assert answer.status_code == 400
    assert answer.json()["code"] == "BAD_REQUEST"
    assert 'error="invalid_request"' in answer.headers["www-authenticate"]


@pytest.mark.parametrize(
    "auth", ["Bearer", "Bearer ", "Bearer a b", "Bearer a\tb", 'Bearer "a"', "Bearer a,"]
)
def test_malformed_bearer_credentials_are_invalid_request(http: httpx.Client, auth: str) -> None:
    assert get(http, "/api/v1/workspaces", auth).status_code == 400


def test_several_spaces_after_the_scheme_are_well_formed(http: httpx.Client, token: str) -> None:
    # RFC 6750 §2.1: credentials = "Bearer" 1*SP b64token
    assert get(http, "/api/v1/workspaces", f"Bearer   {token}").status_code == 200


def test_a_form_encoded_post_body_carries_the_token(http: httpx.Client, token: str) -> None:
    # RFC 6750 §2.2: resource servers MAY support it; the mock does, for POST /oauth2/ping.
    assert http.post("/oauth2/ping", data={"access_token": token}).status_code == 200
    header = {"Authorization": f"Bearer {token}"}
    both = http.post("/oauth2/ping", data={"access_token": token}, headers=header)
    assert both.status_code == 400  # RFC 6750 §2: one method per request
    assert 'error="invalid_request"' in both.headers["www-authenticate"]


@pytest.mark.parametrize("kind", ["get-body", "multipart", "json"])
def test_a_body_token_outside_the_conditions_is_no_token(
    http: httpx.Client, token: str, kind: str
) -> None:
    form = {"access_token": token}
    if kind == "get-body":
        answer = http.request("GET", "/oauth2/ping", data=form)
    elif kind == "multipart":
        answer = http.post("/oauth2/ping", files={"access_token": (None, token)})
    else:
        answer = http.post("/oauth2/ping", json=form)
    assert answer.status_code == 401
    assert answer.headers["www-authenticate"] == BARE  # as if no token was sent (RFC 6750 §3)


@pytest.mark.parametrize("auth", ["Basic dXNlcjpwYXNz", "Token abc", "Bearertoken"])
def test_other_schemes_count_as_no_credentials(http: httpx.Client, auth: str) -> None:
    answer = get(http, "/api/v1/workspaces", auth)
    assert answer.status_code == 401
    assert answer.headers["www-authenticate"] == BARE


@pytest.mark.parametrize("settings", [MockSettings(www_authenticate=False)])
def test_the_challenge_can_be_switched_off(http: httpx.Client, settings: MockSettings) -> None:
    answer = get(http, "/api/v1/workspaces", "Bearer nope")
    assert answer.status_code == 401
    assert "www-authenticate" not in answer.headers


def test_rate_limit_headers_count_down(http: httpx.Client, token: str) -> None:
    first = get(http, "/api/v1/workspaces", f"Bearer {token}")
    second = get(http, "/api/v1/workspaces", f"Bearer {token}")
    assert first.headers["x-rate-limit-limit"] == "10000"
    assert int(first.headers["x-rate-limit-remaining"]) - 1 == int(
        second.headers["x-rate-limit-remaining"]
    )
    assert 0 < float(first.headers["x-rate-limit-reset"]) <= 60
    assert "." in first.headers["x-rate-limit-reset"]  # decimal seconds, like Taskade


@pytest.mark.parametrize("settings", [MockSettings(rate_limit=3, rate_window=10)])
def test_past_the_budget_the_api_answers_429(
    http: httpx.Client, token: str, state: MockState, settings: MockSettings
) -> None:
    statuses = [get(http, "/oauth2/ping", f"Bearer {token}").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    limited = get(http, "/api/v1/workspaces", f"Bearer {token}")
    assert limited.json() == {
        "ok": False,
        "message": "Too Many Requests",
        "code": "TOO_MANY_REQUESTS",
        "statusMessage": "Too Many Requests",
    }
    assert limited.headers["x-rate-limit-remaining"] == "0"
    assert 1 <= int(limited.headers["retry-after"]) <= 10
    assert get(http, "/api/v1/workspaces").status_code == 401  # a separate budget per caller
    state.clock.advance(10)
    assert get(http, "/api/v1/workspaces", f"Bearer {token}").status_code == 200


@pytest.mark.parametrize("token", ["-leading-dash_tok", "_under", "plain0tok"])
@pytest.mark.parametrize("header", ["Bearer {t}", "Bearer{t}", 'Bearer "{t}"', "Bearer:{t}"])
def test_the_lenient_defect_digs_out_any_whole_token(header: str, token: str) -> None:
    """bearer-header-lenient must take the whole token out of a malformed header: a token
    starting with "-" (1 in 64 of the mock's) once lost that "-", so the defect survived."""
    from harness.mock._bearer import _LENIENT

    found = _LENIENT.search(header.format(t=token))
    assert found is not None
    assert found.group(1) == token
