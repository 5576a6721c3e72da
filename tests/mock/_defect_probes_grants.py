"""Probes for the grant-type defects: client credentials, password (ROPC) and implicit."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx

from harness.mock import SEED
from tests.mock._defect_support import Case, collector
from tests.mock._drive import Driver, Mock, basic_auth, outcome, token_result

CASES: list[Case] = []
case = collector(CASES)

OK = (200, None)
METADATA = "/.well-known/oauth-authorization-server"
UNSUPPORTED = (400, "unsupported_grant_type")
INVALID_CLIENT = (401, "invalid_client")
INVALID_GRANT = (400, "invalid_grant")
STATE = "implicit-state-0123456789"


def _document(mock: Mock) -> dict[str, Any]:
    body: dict[str, Any] = mock.new_browser().get(METADATA).json()
    return body


def _client_credentials(flow: Driver, **extra: str) -> httpx.Response:
    return flow.post_token({"grant_type": "client_credentials", **extra})


def _password(flow: Driver, username: str, password: str, **auth: str) -> httpx.Response:
    data = {"grant_type": "password", "username": username, "password": password}
    return flow.post_token({**data, **(auth if auth else flow.auth())})


def _implicit(mock: Mock) -> tuple[str, dict[str, list[str]], dict[str, list[str]]]:
    """An implicit authorization: the redirect's outcome, its query and fragment parameters."""
    flow = mock.driver()
    answer = flow.run(flow.params(response_type="token", state=STATE))
    parts = urlsplit(answer.headers.get("location", ""))
    return outcome(answer), parse_qs(parts.query), parse_qs(parts.fragment)


# -- client credentials (RFC 6749 §4.4) ---------------------------------------------------------
@case(
    "client-credentials-unadvertised",
    conformant=(["authorization_code", "refresh_token", "client_credentials"], 200),
    faulty=(["authorization_code", "refresh_token"], 200),
)
def client_credentials_advertised(mock: Mock) -> object:
    served = _client_credentials(mock.driver(), **mock.driver().auth())
    return _document(mock)["grant_types_supported"], served.status_code


@case(
    "client-credentials-auth-unchecked",
    conformant=(INVALID_CLIENT, INVALID_CLIENT, INVALID_CLIENT, OK),
    faulty=(OK, OK, OK, OK),
)
def client_credentials_auth(mock: Mock) -> object:
    flow = mock.driver()
    alone = _client_credentials(flow, client_id=SEED.primary.id)
    wrong = _client_credentials(flow, client_id=SEED.primary.id, client_secret="not-it")
    basic = flow.post_token(
        {"grant_type": "client_credentials"}, headers=basic_auth(SEED.primary.id, "not-it")
    )
    right = _client_credentials(flow, **flow.auth())
    return tuple(token_result(answer) for answer in (alone, wrong, basic, right))


@case(
    "client-credentials-public-client",
    conformant=((400, "unauthorized_client"), OK),
    faulty=(OK, OK),
)
def client_credentials_public(mock: Mock) -> object:
    flow = mock.driver()
    public = _client_credentials(flow, client_id=SEED.public.id)
    return token_result(public), token_result(_client_credentials(flow, **flow.auth()))


@case("client-credentials-refresh-token", conformant=(200, False), faulty=(200, True))
def client_credentials_refresh(mock: Mock) -> object:
    flow = mock.driver()
    answer = _client_credentials(flow, **flow.auth())
    return answer.status_code, "refresh_token" in answer.json()


@case(
    "client-credentials-scope-unlimited",
    conformant=((400, "invalid_scope"), "read"),
    faulty=(OK, "read"),
)
def client_credentials_scope(mock: Mock) -> object:
    primary = mock.driver()  # registered for read and write; "admin" is no client's scope
    wider = _client_credentials(primary, scope="read admin", **primary.auth())
    narrow = _client_credentials(primary, scope="read", **primary.auth())
    return token_result(wider), narrow.json().get("scope")


@case(
    "client-credentials-token-unusable",
    conformant=(200, 200, {"handle": None, "client_id": SEED.primary.id}),
    faulty=(401, 200, None),
)
def client_credentials_at_the_api(mock: Mock) -> object:
    flow = mock.driver()
    token = flow.tokens_from(_client_credentials(flow, **flow.auth()))
    user_token = flow.new_tokens()
    ping = flow.http.get("/oauth2/ping", headers={"Authorization": f"Bearer {token.access}"})
    identity = ping.json() if ping.status_code == 200 else None
    return flow.api_status(token.access), flow.api_status(user_token.access), identity


# -- resource owner password credentials (RFC 6749 §4.3, RFC 9700 §2.4) --------------------------
@case(
    "password-grant-offered",
    conformant=(False, UNSUPPORTED),
    faulty=(True, OK),
)
def password_offered(mock: Mock) -> object:
    flow = mock.driver()
    answer = _password(flow, SEED.user.email, SEED.user.password)
    return "password" in _document(mock)["grant_types_supported"], token_result(answer)


@case(
    "password-client-auth-unchecked",
    conformant=(OK, INVALID_CLIENT, INVALID_CLIENT),
    faulty=(OK, OK, OK),
)
def password_client_auth(mock: Mock) -> object:
    mock.state.grant_types.enable("password")
    flow = mock.driver()
    user = (SEED.user.email, SEED.user.password)
    right = _password(flow, *user)
    alone = _password(flow, *user, client_id=SEED.primary.id)
    wrong = _password(flow, *user, client_id=SEED.primary.id, client_secret="not-it")
    return tuple(token_result(answer) for answer in (right, alone, wrong))


@case(
    "password-bad-credentials-invalid-client",
    conformant=(INVALID_GRANT, INVALID_GRANT),
    faulty=(INVALID_CLIENT, INVALID_CLIENT),
)
def password_bad_credentials(mock: Mock) -> object:
    mock.state.grant_types.enable("password")
    flow = mock.driver()
    wrong = _password(flow, SEED.user.email, "not-the-password")
    unknown = _password(flow, "nobody@example.com", "not-the-password")
    return token_result(wrong), token_result(unknown)


@case(
    "password-user-enumeration",
    conformant=(True, INVALID_GRANT),
    faulty=(False, INVALID_GRANT),
)
def password_enumeration(mock: Mock) -> object:
    mock.state.grant_types.enable("password")
    flow = mock.driver()
    wrong = _password(flow, SEED.user.email, "not-the-password")
    unknown = _password(flow, "nobody@example.com", "not-the-password")
    same = (wrong.status_code, wrong.json()) == (unknown.status_code, unknown.json())
    return same, token_result(wrong)


# -- implicit (RFC 6749 §4.2, RFC 9700 §2.1.2) ---------------------------------------------------
FRAGMENT = ["access_token", "expires_in", "scope", "state", "token_type"]


@case(
    "implicit-grant-offered",
    conformant=(["code"], "302"),
    faulty=(["code", "token"], "303"),
)
def implicit_offered(mock: Mock) -> object:
    said, _, _ = _implicit(mock)
    return _document(mock)["response_types_supported"], said[:3]


@case(
    "implicit-refresh-token",
    conformant=("303", FRAGMENT),
    faulty=("303", sorted([*FRAGMENT, "refresh_token"])),
)
def implicit_refresh(mock: Mock) -> object:
    mock.state.grant_types.enable("implicit")
    said, _, fragment = _implicit(mock)
    return said[:3], sorted(fragment)


@case(
    "implicit-token-in-query",
    conformant=([], FRAGMENT),
    faulty=(FRAGMENT, []),
)
def implicit_query(mock: Mock) -> object:
    mock.state.grant_types.enable("implicit")
    _, query, fragment = _implicit(mock)
    return sorted(query), sorted(fragment)


@case("implicit-state-truncated", conformant=True, faulty=False)
def implicit_state(mock: Mock) -> object:
    mock.state.grant_types.enable("implicit")
    _, _, fragment = _implicit(mock)
    return fragment.get("state") == [STATE]
