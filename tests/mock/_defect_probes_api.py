"""Probes for the API's bearer rules and the token endpoint's response format."""

from __future__ import annotations

import json

import httpx

from harness.mock import SEED
from tests.mock._defect_support import (
    BASIC_CHALLENGE,
    BEARER_BARE,
    BEARER_INVALID,
    Case,
    collector,
)
from tests.mock._drive import WORKSPACES, WRITE_PROBE, Mock, basic_auth, token_result

CASES: list[Case] = []
case = collector(CASES)

NO_STORE = ("no-store", "no-cache")


# -- protected resource (API) -------------------------------------------------------------------
@case("expired-token-accepted", conformant=(200, 401), faulty=(200, 200))
def expired_access_token(mock: Mock) -> object:
    flow = mock.driver()
    access = flow.new_tokens().access
    mock.state.clock.advance(3599)
    in_time = flow.api_status(access)
    mock.state.clock.advance(1)
    return in_time, flow.api_status(access)


@case("revoked-token-accepted", conformant=(200, 401, 401), faulty=(200, 200, 200))
def revoked_access_token(mock: Mock) -> object:
    flow = mock.driver()
    access = flow.new_tokens().access
    before = flow.api_status(access)
    flow.http.post("/oauth2/revoke", data={"token": access, **flow.auth()})  # RFC 7009
    by_revocation = flow.api_status(access)
    code = flow.new_code()
    first = flow.tokens_from(flow.exchange(code))
    flow.exchange(code)  # reuse revokes the code's tokens
    return before, by_revocation, flow.api_status(first.access)


def _challenges(flow_http: httpx.Client, read_token: str) -> tuple[str | None, ...]:
    none = flow_http.get(WORKSPACES)
    unknown = flow_http.get(WORKSPACES, headers={"Authorization": "Bearer not-a-token"})
    scope = flow_http.get(WRITE_PROBE, headers={"Authorization": f"Bearer {read_token}"})
    return tuple(r.headers.get("www-authenticate") for r in (none, unknown, scope))


SCOPE_CHALLENGE = 'Bearer realm="taskade-mock", error="insufficient_scope", scope="write"'


@case(
    "no-www-authenticate",
    conformant=(BEARER_BARE, BEARER_INVALID, SCOPE_CHALLENGE),
    faulty=(None, None, SCOPE_CHALLENGE),  # only the 401s lose it
    core=("api_no_token", "api_bad_token"),  # by design: the core's API refusals are 401s
)
def missing_challenge(mock: Mock) -> object:
    flow = mock.driver()
    return _challenges(flow.http, flow.new_tokens(scope="read").access)


@case(
    "www-authenticate-error-without-token",
    conformant=(BEARER_BARE, BEARER_INVALID, SCOPE_CHALLENGE),
    faulty=(BEARER_INVALID, BEARER_INVALID, SCOPE_CHALLENGE),
    core=("api_no_token",),  # by design: the core calls the API without a token
)
def challenge_without_token(mock: Mock) -> object:
    flow = mock.driver()
    return _challenges(flow.http, flow.new_tokens(scope="read").access)


@case("query-token-accepted", conformant=(401, 400), faulty=(200, 400))
def token_in_query(mock: Mock) -> object:
    flow = mock.driver()
    access = flow.new_tokens().access
    query_only = flow.http.get(WORKSPACES, params={"access_token": access}).status_code
    # Header and query together stay invalid_request (RFC 6750 §2: one method only).
    both = flow.http.get(
        WORKSPACES, params={"access_token": access}, headers={"Authorization": f"Bearer {access}"}
    ).status_code
    return query_only, both


@case(
    "bearer-scheme-case-sensitive",
    conformant=(200, 200, 200),
    faulty=(200, 401, 401),
)
def scheme_case(mock: Mock) -> object:
    flow = mock.driver()
    access = flow.new_tokens().access
    return tuple(flow.api_status(access, scheme=s) for s in ("Bearer", "bearer", "BEARER"))


@case(
    "bearer-header-ignored",
    conformant=(200, BEARER_INVALID, 401),
    faulty=(401, BEARER_BARE, 401),
    # By design: every API call of the core sends its token in the Authorization header.
    core=("api", "refresh", "api_bad_token"),
)
def header_token(mock: Mock) -> object:
    flow = mock.driver()
    access = flow.new_tokens().access
    unknown = flow.http.get(WORKSPACES, headers={"Authorization": "Bearer not-a-token"})
    query_only = flow.http.get(WORKSPACES, params={"access_token": access}).status_code
    return flow.api_status(access), unknown.headers.get("www-authenticate"), query_only


@case(
    "api-failure-shape-changed",
    conformant=(401, "UNAUTHORIZED", 200),
    faulty=(401, None, 200),
    # By design: the core's API refusals are compared body and all.
    core=("api_no_token", "api_bad_token"),
)
def failure_shape(mock: Mock) -> object:
    flow = mock.driver()
    refused = flow.http.get(WORKSPACES)
    access = flow.new_tokens().access
    return refused.status_code, refused.json().get("code"), flow.api_status(access)


@case(
    "two-token-methods-accepted",
    conformant=(400, 200),
    faulty=(200, 200),
)
def two_token_methods(mock: Mock) -> object:
    flow = mock.driver()
    access = flow.new_tokens().access
    both = flow.http.get(
        WORKSPACES, params={"access_token": access}, headers={"Authorization": f"Bearer {access}"}
    )
    return both.status_code, flow.api_status(access)


@case(
    "insufficient-scope-as-401",
    conformant=((403, "FORBIDDEN", SCOPE_CHALLENGE), 200),
    faulty=((401, "UNAUTHORIZED", BEARER_INVALID), 200),
)
def missing_scope(mock: Mock) -> object:
    flow = mock.driver()
    read = flow.new_tokens(scope="read").access
    answer = flow.http.get(WRITE_PROBE, headers={"Authorization": f"Bearer {read}"})
    write = flow.new_tokens(scope="read write").access
    seen = (answer.status_code, answer.json()["code"], answer.headers.get("www-authenticate"))
    return seen, flow.api_status(write, WRITE_PROBE)


# -- token endpoint responses -------------------------------------------------------------------
def _cache(response: httpx.Response) -> tuple[str | None, str | None]:
    return response.headers.get("cache-control"), response.headers.get("pragma")


@case(
    "no-cache-headers",
    conformant=(NO_STORE, NO_STORE, NO_STORE, "private, no-store"),
    faulty=((None, None), (None, None), (None, None), "private, no-store"),
    core=("token_cache",),  # by design: the core checks the cache headers of token responses
)
def token_cache_headers(mock: Mock) -> object:
    flow = mock.driver()
    exchange = flow.exchange(flow.new_code())
    tokens = flow.tokens_from(exchange)
    refresh = flow.refresh(tokens.refresh or "")
    error = flow.exchange("not-a-code")
    api = flow.http.get(WORKSPACES, headers={"Authorization": f"Bearer {tokens.access}"})
    return _cache(exchange), _cache(refresh), _cache(error), api.headers.get("cache-control")


@case(
    "token-response-not-json",
    conformant=("application/json", True, "application/json"),
    faulty=("text/plain; charset=utf-8", True, "application/json"),
    core=("token_content_type",),  # by design: the core records the token responses' type
)
def token_content_type(mock: Mock) -> object:
    flow = mock.driver()
    answer = flow.exchange(flow.new_code())
    body_is_json = "access_token" in json.loads(answer.content)
    error = flow.exchange("not-a-code")
    return answer.headers.get("content-type"), body_is_json, error.headers.get("content-type")


@case(
    "token-type-not-bearer",
    conformant=("Bearer", 200),
    faulty=("mac", 200),
    core=("token_type",),  # by design: the core checks token_type
)
def token_type(mock: Mock) -> object:
    flow = mock.driver()
    tokens = flow.new_tokens()
    return tokens.body.get("token_type"), flow.api_status(tokens.access)


@case(
    "expires-in-missing",
    conformant=(3600, 200, 401),
    faulty=(None, 200, 401),
    core=("expires_in",),  # by design: the core checks expires_in
)
def expires_in(mock: Mock) -> object:
    flow = mock.driver()
    tokens = flow.new_tokens()
    mock.state.clock.advance(3599)
    in_time = flow.api_status(tokens.access)
    mock.state.clock.advance(1)
    return tokens.body.get("expires_in"), in_time, flow.api_status(tokens.access)


@case(
    "errors-as-200",
    conformant=((400, "invalid_grant"), (401, "invalid_client"), 200, 400),
    faulty=((200, "invalid_grant"), (200, "invalid_client"), 200, 400),
    core=("bad_secret", "unknown_code"),  # by design: the core's token errors
)
def error_status(mock: Mock) -> object:
    flow = mock.driver()
    unknown = token_result(flow.exchange("not-a-code"))
    wrong = token_result(flow.exchange("not-a-code", client_secret="not-the-secret"))
    success = flow.exchange(flow.new_code()).status_code
    revoke = flow.http.post("/oauth2/revoke", data=flow.auth()).status_code  # not the token EP
    return unknown, wrong, success, revoke


@case(
    "wrong-error-code",
    conformant=(
        (400, "invalid_grant"),
        (401, "invalid_client"),
        (400, "unsupported_grant_type"),
        (400, "invalid_request"),
    ),
    faulty=(
        (400, "invalid_request"),
        (401, "invalid_request"),
        (400, "invalid_request"),
        (400, "invalid_request"),
    ),
    core=("bad_secret", "unknown_code"),  # by design: the core's token errors
)
def error_codes(mock: Mock) -> object:
    flow = mock.driver()
    return (
        token_result(flow.exchange("not-a-code")),
        token_result(flow.exchange("not-a-code", client_secret="not-the-secret")),
        token_result(flow.post_token({"grant_type": "implicit", **flow.auth()})),
        token_result(flow.post_token(flow.auth())),  # no grant_type
    )


@case(
    "basic-auth-no-challenge",
    conformant=((401, "invalid_client", BASIC_CHALLENGE), (401, "invalid_client", BASIC_CHALLENGE)),
    faulty=((401, "invalid_client", None), (401, "invalid_client", None)),
    core=("bad_secret",),  # by design: the core's failed client authentication
)
def basic_challenge(mock: Mock) -> object:
    flow = mock.driver()
    form = {"grant_type": "authorization_code", "code": "not-a-code"}
    by_basic = flow.post_token(form, headers=basic_auth(SEED.primary.id, "not-the-secret"))
    by_post = flow.exchange("not-a-code", client_secret="not-the-secret")
    return tuple((*token_result(r), r.headers.get("www-authenticate")) for r in (by_basic, by_post))


# -- protected resource: malformed Authorization headers and body tokens (RFC 6750 §2.1, §2.2) --
PING = "/oauth2/ping"


def _header_statuses(flow_http: httpx.Client, access: str) -> tuple[int, ...]:
    forms = (
        f"Bearer {access}",  # well-formed
        f"Bearer  {access}",  # well-formed too: "Bearer" 1*SP b64token
        f"Bearer {access} {access}",
        f'Bearer "{access}"',
        f"Bearer{access}",
        f"Bearer {access},",
        f"Basic {access}",
    )
    return tuple(
        flow_http.get(WORKSPACES, headers={"Authorization": form}).status_code for form in forms
    )


@case(
    "bearer-header-lenient",
    conformant=(200, 200, 400, 400, 401, 400, 401),
    faulty=(200, 200, 200, 200, 200, 200, 401),
)
def lenient_header(mock: Mock) -> object:
    flow = mock.driver()
    return _header_statuses(flow.http, flow.new_tokens().access)


@case(
    "bearer-header-server-error",
    conformant=(200, 200, 400, 400, 401, 400, 401),
    faulty=(200, 200, 500, 500, 401, 500, 401),
)
def crashing_header(mock: Mock) -> object:
    flow = mock.driver()
    return _header_statuses(flow.http, flow.new_tokens().access)


def _body_statuses(flow_http: httpx.Client, access: str) -> tuple[int, ...]:
    form = {"access_token": access}
    return (
        flow_http.post(PING, data=form).status_code,  # RFC 6750 §2.2: the mock supports it
        flow_http.request("GET", PING, data=form).status_code,
        flow_http.post(PING, files={"access_token": (None, access)}).status_code,
        flow_http.post(PING, json=form).status_code,
        flow_http.post(PING, headers={"Authorization": f"Bearer {access}"}).status_code,
    )


@case("body-token-on-get", conformant=(200, 401, 401, 401, 200), faulty=(200, 200, 401, 401, 200))
def body_token_get(mock: Mock) -> object:
    flow = mock.driver()
    return _body_statuses(flow.http, flow.new_tokens().access)


@case(
    "body-token-multipart", conformant=(200, 401, 401, 401, 200), faulty=(200, 401, 200, 401, 200)
)
def body_token_multipart(mock: Mock) -> object:
    flow = mock.driver()
    return _body_statuses(flow.http, flow.new_tokens().access)


@case("body-token-json", conformant=(200, 401, 401, 401, 200), faulty=(200, 401, 401, 200, 200))
def body_token_json(mock: Mock) -> object:
    flow = mock.driver()
    return _body_statuses(flow.http, flow.new_tokens().access)


# -- revocation (RFC 7009) ----------------------------------------------------------------------
REVOKE = "/oauth2/revoke"


@case(
    "revocation-not-bound-to-client",
    conformant=((400, "invalid_grant"), 200, (400, "invalid_grant"), 200),
    faulty=((200, None), 401, (200, None), 400),
)
def revocation_binding(mock: Mock) -> object:
    flow = mock.driver()
    other = mock.driver(SEED.second)
    tokens = flow.new_tokens()
    by_other = other.http.post(REVOKE, data={"token": tokens.access, **other.auth()})
    api = flow.api_status(tokens.access)
    fresh = flow.new_tokens()
    other_refresh = other.http.post(REVOKE, data={"token": fresh.refresh or "", **other.auth()})
    refreshed = flow.refresh(fresh.refresh or "").status_code
    return token_result(by_other), api, token_result(other_refresh), refreshed


@case(
    "revocation-without-client-auth",
    conformant=((401, "invalid_client"), (401, "invalid_client"), 200, (200, None)),
    faulty=((200, None), (200, None), 401, (200, None)),
)
def revocation_client_auth(mock: Mock) -> object:
    flow = mock.driver()
    tokens = flow.new_tokens()
    bare = flow.http.post(REVOKE, data={"token": tokens.access})
    id_only = flow.http.post(REVOKE, data={"token": tokens.access, "client_id": SEED.primary.id})
    api = flow.api_status(tokens.access)
    own = flow.http.post(REVOKE, data={"token": tokens.access, **flow.auth()})
    return token_result(bare), token_result(id_only), api, token_result(own)


@case(
    "revocation-unknown-token-error",
    conformant=((200, None), (200, None)),
    faulty=((400, "invalid_request"), (200, None)),
)
def revocation_unknown_token(mock: Mock) -> object:
    flow = mock.driver()
    unknown = flow.http.post(REVOKE, data={"token": "never-issued", **flow.auth()})
    known = flow.http.post(REVOKE, data={"token": flow.new_tokens().access, **flow.auth()})
    return token_result(unknown), token_result(known)


@case(
    "revocation-unknown-hint-skips-token",
    conformant=((200, None), 400, (200, None), 400),
    faulty=((200, None), 200, (200, None), 400),
)
def revocation_unknown_hint(mock: Mock) -> object:
    flow = mock.driver()
    tokens = flow.new_tokens()
    data = {"token": tokens.refresh or "", "token_type_hint": "not_a_token_type", **flow.auth()}
    odd_hint = flow.http.post(REVOKE, data=data)
    after_odd = flow.refresh(tokens.refresh or "").status_code
    fresh = flow.new_tokens()
    data = {"token": fresh.refresh or "", "token_type_hint": "refresh_token", **flow.auth()}
    known_hint = flow.http.post(REVOKE, data=data)
    return (
        token_result(odd_hint),
        after_odd,
        token_result(known_hint),
        flow.refresh(fresh.refresh or "").status_code,
    )
