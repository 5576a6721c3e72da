"""Probes for the token endpoint's rules: codes, PKCE verifiers, refresh tokens, client auth."""

from __future__ import annotations

import base64
import hashlib
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import quote

import httpx

from harness.mock import SEED
from tests.mock._defect_support import Case, collector
from tests.mock._drive import (
    FORM,
    PUBLIC_CALLBACK,
    TOKEN,
    WRITE_PROBE,
    Driver,
    Mock,
    basic_auth,
    token_result,
)
from tests.mock.flow import pkce_pair

CASES: list[Case] = []
case = collector(CASES)

OK = (200, None)
INVALID_GRANT = (400, "invalid_grant")
INVALID_REQUEST = (400, "invalid_request")
INVALID_CLIENT = (401, "invalid_client")


# -- authorization codes ------------------------------------------------------------------------
@case("code-reusable", conformant=(OK, INVALID_GRANT), faulty=(OK, OK))
def code_twice(mock: Mock) -> object:
    flow = mock.driver()
    code = flow.new_code()
    return token_result(flow.exchange(code)), token_result(flow.exchange(code))


@case(
    "code-reuse-keeps-tokens",
    conformant=(INVALID_GRANT, 401, INVALID_GRANT),
    faulty=(INVALID_GRANT, 200, OK),
)
def code_reuse_revokes(mock: Mock) -> object:
    flow = mock.driver()
    code = flow.new_code()
    first = flow.tokens_from(flow.exchange(code))
    reused = token_result(flow.exchange(code))
    return reused, flow.api_status(first.access), token_result(flow.refresh(first.refresh or ""))


@case(
    "code-not-bound-to-client",
    conformant=(INVALID_GRANT, INVALID_CLIENT),
    faulty=(OK, INVALID_CLIENT),
)
def code_by_another_client(mock: Mock) -> object:
    flow = mock.driver()
    by_second = token_result(flow.exchange(flow.new_code(), client=SEED.second))
    # The other client must still authenticate: a wrong secret stays invalid_client.
    wrong = token_result(
        flow.exchange(flow.new_code(), client_id=SEED.second.id, client_secret="x")
    )
    return by_second, wrong


@case("code-never-expires", conformant=(OK, INVALID_GRANT), faulty=(OK, OK))
def expired_code(mock: Mock) -> object:
    flow = mock.driver()
    fresh = flow.new_code()
    mock.state.clock.advance(59)
    in_time = token_result(flow.exchange(fresh))
    stale = flow.new_code()
    mock.state.clock.advance(61)
    return in_time, token_result(flow.exchange(stale))


@case(
    "token-redirect-uri-unchecked",
    conformant=(INVALID_GRANT, INVALID_REQUEST),
    faulty=(OK, OK),
)
def token_redirect_uri(mock: Mock) -> object:
    flow = mock.driver()
    other = "http://127.0.0.1:1/callback"
    different = token_result(flow.exchange(flow.new_code(), redirect_uri=other))
    missing = token_result(flow.exchange(flow.new_code(), redirect_uri=None))
    return different, missing


# -- PKCE at the token endpoint -----------------------------------------------------------------
@case(
    "pkce-not-enforced",
    conformant=(INVALID_GRANT, INVALID_GRANT, INVALID_REQUEST),
    faulty=(OK, OK, INVALID_REQUEST),
)
def wrong_verifier(mock: Mock) -> object:
    flow = mock.driver()
    wrong = token_result(flow.exchange(flow.new_code(), code_verifier="w" * 43))
    missing = token_result(flow.exchange(flow.new_code(), code_verifier=None))
    # A verifier for a code without a challenge is pkce-downgrade-accepted's rule, not this one.
    no_challenge = flow.new_code(code_challenge=None, code_challenge_method=None)
    downgrade = token_result(flow.exchange(no_challenge, code_verifier=pkce_pair()[0]))
    return wrong, missing, downgrade


@case(
    "pkce-downgrade-accepted",
    conformant=(INVALID_REQUEST, INVALID_GRANT),
    faulty=(OK, INVALID_GRANT),
)
def verifier_without_challenge(mock: Mock) -> object:
    flow = mock.driver()
    no_challenge = flow.new_code(code_challenge=None, code_challenge_method=None)
    downgrade = token_result(flow.exchange(no_challenge, code_verifier=pkce_pair()[0]))
    wrong = token_result(flow.exchange(flow.new_code(), code_verifier="w" * 43))
    return downgrade, wrong


# Every symbol of RFC 7636 §4.1's unreserved set: "-" / "." / "_" / "~".
UNRESERVED_VERIFIER = "Az09-._~" * 6


def _s256(verifier: str) -> str:
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


@case("pkce-verifier-charset-narrow", conformant=(OK, OK), faulty=(INVALID_REQUEST, OK))
def unreserved_verifier(mock: Mock) -> object:
    flow = mock.driver()
    code = flow.new_code(code_challenge=_s256(UNRESERVED_VERIFIER))
    unreserved = token_result(flow.exchange(code, code_verifier=UNRESERVED_VERIFIER))
    base64url = token_result(flow.exchange(flow.new_code()))  # token_urlsafe: "-" and "_" only
    return unreserved, base64url


# -- refresh tokens -------------------------------------------------------------------------------
@case(
    "refresh-not-rotated",
    conformant=(True, INVALID_GRANT),
    faulty=(False, OK),
    core=("refresh_rotated",),  # by design: the core's refresh checks rotation
)
def refresh_rotation(mock: Mock) -> object:
    flow = mock.driver()
    first = flow.new_tokens()
    second = flow.tokens_from(flow.refresh(first.refresh or ""))
    rotated = second.refresh is not None and second.refresh != first.refresh
    return rotated, token_result(flow.refresh(first.refresh or ""))


@case(
    "refresh-rotated-still-valid",
    conformant=(True, INVALID_GRANT),
    faulty=(True, OK),
)
def rotated_refresh_reused(mock: Mock) -> object:
    flow = mock.driver()
    first = flow.new_tokens()
    second = flow.tokens_from(flow.refresh(first.refresh or ""))
    rotated = second.refresh is not None and second.refresh != first.refresh
    return rotated, token_result(flow.refresh(first.refresh or ""))


@case(
    "refresh-reuse-keeps-family",
    conformant=(INVALID_GRANT, 401, INVALID_GRANT),
    faulty=(INVALID_GRANT, 200, OK),
)
def refresh_replay(mock: Mock) -> object:
    flow = mock.driver()
    first = flow.new_tokens()
    second = flow.tokens_from(flow.refresh(first.refresh or ""))
    replay = token_result(flow.refresh(first.refresh or ""))
    return replay, flow.api_status(second.access), token_result(flow.refresh(second.refresh or ""))


@case(
    "refresh-not-bound-to-client",
    conformant=(INVALID_GRANT, INVALID_CLIENT),
    faulty=(OK, INVALID_CLIENT),
)
def refresh_by_another_client(mock: Mock) -> object:
    flow = mock.driver()
    by_second = token_result(flow.refresh(flow.new_tokens().refresh or "", client=SEED.second))
    token = flow.new_tokens().refresh or ""
    wrong = token_result(flow.refresh(token, client_id=SEED.second.id, client_secret="x"))
    return by_second, wrong


@case(
    "refresh-scope-widening",
    conformant=((400, "invalid_scope"), None, (400, "invalid_scope")),
    faulty=(OK, 200, (400, "invalid_scope")),
)
def wider_scope_on_refresh(mock: Mock) -> object:
    flow = mock.driver()
    read = flow.new_tokens(scope="read")
    answer = flow.refresh(read.refresh or "", scope="read write")
    widened = token_result(answer)
    write = flow.api_status(answer.json()["access_token"], WRITE_PROBE) if widened == OK else None
    # Unknown scopes stay invalid_scope: the defect widens within the client's scopes only.
    unknown = token_result(flow.refresh(flow.new_tokens(scope="read").refresh or "", scope="admin"))
    return widened, write, unknown


# -- client authentication and grant types ------------------------------------------------------
@case(
    "client-auth-not-required",
    conformant=(INVALID_CLIENT, INVALID_CLIENT, INVALID_CLIENT),
    faulty=(OK, OK, INVALID_CLIENT),
)
def client_id_alone(mock: Mock) -> object:
    flow = mock.driver()
    exchange = token_result(flow.exchange(flow.new_code(), client_secret=None))
    token = flow.new_tokens().refresh or ""
    id_only = {"grant_type": "refresh_token", "refresh_token": token, "client_id": SEED.primary.id}
    refresh = token_result(flow.post_token(id_only))
    wrong = token_result(flow.exchange(flow.new_code(), client_secret="not-the-secret"))
    return exchange, refresh, wrong


@case(
    "basic-auth-refused",
    conformant=(OK, OK, INVALID_CLIENT),
    faulty=(INVALID_CLIENT, OK, INVALID_CLIENT),
)
def basic_authentication(mock: Mock) -> object:
    flow = mock.driver()
    code = flow.new_code()
    form = {
        "grant_type": "authorization_code",
        "code": code,
        "redirect_uri": flow.redirect_uri,
        "code_verifier": flow.verifier,
    }
    by_basic = token_result(
        flow.post_token(form, headers=basic_auth(SEED.primary.id, SEED.primary.secret or ""))
    )
    by_post = token_result(flow.exchange(flow.new_code()))
    wrong = token_result(
        flow.post_token(form, headers=basic_auth(SEED.primary.id, "not-the-secret"))
    )
    return by_basic, by_post, wrong


@case(
    "unsupported-grant-accepted",
    conformant=((400, "unsupported_grant_type"), None, (400, "unsupported_grant_type")),
    faulty=(OK, 200, (400, "unsupported_grant_type")),
)
def password_grant(mock: Mock) -> object:
    flow = mock.driver()
    user = {"username": SEED.user.email, "password": SEED.user.password, **flow.auth()}
    answer = flow.post_token({"grant_type": "password", **user})
    ropc = token_result(answer)
    api = flow.api_status(answer.json()["access_token"]) if ropc == OK else None
    other = token_result(flow.post_token({"grant_type": "urn:example:other", **flow.auth()}))
    return ropc, api, other


# -- issue 8: races, forged values, PKCE per client, scope, token format ------------------------
FAN_OUT = 8


def _together(send: Callable[[], httpx.Response]) -> list[tuple[int, str | None]]:
    """``FAN_OUT`` sends released at once behind a barrier (bounded: 10 s each)."""
    barrier = threading.Barrier(FAN_OUT, timeout=10)

    def one() -> tuple[int, str | None]:
        barrier.wait()
        return token_result(send())

    with ThreadPoolExecutor(max_workers=FAN_OUT) as pool:
        futures = [pool.submit(one) for _ in range(FAN_OUT)]
        return [future.result(timeout=10) for future in futures]


def _successes(results: list[tuple[int, str | None]]) -> int:
    """How many succeeded, capped at 2 (the probe tells one from several)."""
    return min(2, sum(1 for result in results if result == OK))


@case("code-race", conformant=(1, INVALID_GRANT), faulty=(2, INVALID_GRANT))
def parallel_code_exchanges(mock: Mock) -> object:
    flow = mock.driver()
    code, verifier = flow.new_code(), flow.verifier
    raced = _together(
        lambda: mock.driver().exchange(code, code_verifier=verifier)  # own client per thread
    )
    # One at a time, a used code stays refused under the defect too.
    later = flow.new_code()
    flow.exchange(later)
    return _successes(raced), token_result(flow.exchange(later))


@case("refresh-race", conformant=(1, INVALID_GRANT), faulty=(2, INVALID_GRANT))
def parallel_refreshes(mock: Mock) -> object:
    flow = mock.driver()
    token = flow.new_tokens().refresh or ""
    raced = _together(lambda: mock.driver().refresh(token))
    single = flow.new_tokens().refresh or ""
    flow.refresh(single)
    return _successes(raced), token_result(flow.refresh(single))


@case(
    "code-used-marker-expires",
    conformant=(INVALID_GRANT, INVALID_GRANT),
    faulty=(INVALID_GRANT, OK),
)
def code_replayed_later(mock: Mock) -> object:
    flow = mock.driver()
    code = flow.new_code()
    flow.tokens_from(flow.exchange(code))
    soon = token_result(flow.exchange(code))
    mock.state.clock.advance(30)
    return soon, token_result(flow.exchange(code))


@case(
    "forged-code-500",
    conformant=(INVALID_GRANT, INVALID_GRANT),
    faulty=((500, "<not json>"), INVALID_GRANT),
)
def long_forged_code(mock: Mock) -> object:
    flow = mock.driver()
    return token_result(flow.exchange("A" * 256)), token_result(flow.exchange("A" * 255))


@case(
    "forged-refresh-token-500",
    conformant=(INVALID_GRANT, INVALID_GRANT),
    faulty=((500, "<not json>"), INVALID_GRANT),
)
def non_ascii_refresh_token(mock: Mock) -> object:
    flow = mock.driver()
    return token_result(flow.refresh("tok\u00e9n")), token_result(flow.refresh("token"))


def _confidential_and_public(mock: Mock, verifier_for: Callable[[Driver], str]) -> object:
    """One exchange per client (post, Basic-capable second, public), each with the verifier
    ``verifier_for`` picks after a fresh code."""
    results = []
    for client, redirect in (
        (SEED.primary, None),
        (SEED.second, None),
        (SEED.public, PUBLIC_CALLBACK),
    ):
        flow = mock.driver(client, redirect) if redirect else mock.driver(client)
        code = flow.new_code()
        results.append(token_result(flow.exchange(code, code_verifier=verifier_for(flow))))
    return tuple(results)


@case(
    "pkce-public-clients-only",
    conformant=(INVALID_GRANT, INVALID_GRANT, INVALID_GRANT),
    faulty=(OK, OK, INVALID_GRANT),
)
def wrong_verifier_per_client(mock: Mock) -> object:
    return _confidential_and_public(mock, lambda flow: "w" * 43)


@case(
    "pkce-verifier-any-code", conformant=(INVALID_GRANT, INVALID_GRANT), faulty=(OK, INVALID_GRANT)
)
def verifier_of_another_code(mock: Mock) -> object:
    flow = mock.driver()
    first = flow.new_code()
    flow.new_code()  # flow.verifier now belongs to this second code
    crossed = token_result(flow.exchange(first))
    unrelated = token_result(flow.exchange(flow.new_code(), code_verifier="w" * 43))
    return crossed, unrelated


@case(
    "pkce-verifier-format-unchecked",
    conformant=(INVALID_REQUEST, INVALID_REQUEST, INVALID_REQUEST, INVALID_GRANT),
    faulty=(OK, OK, OK, INVALID_GRANT),
)
def malformed_verifiers(mock: Mock) -> object:
    flow = mock.driver()
    results = []
    for verifier in ("abc", "a" * 129, "+/" * 22):  # short, long, outside the unreserved set
        code = flow.new_code(code_challenge=_s256(verifier))
        results.append(token_result(flow.exchange(code, code_verifier=verifier)))
    # A well-formed verifier that does not match stays invalid_grant under the defect.
    results.append(token_result(flow.exchange(flow.new_code(), code_verifier="w" * 43)))
    return tuple(results)


@case(
    "scope-narrowed-silently",
    conformant=(OK, "read write", 200),
    faulty=(OK, None, 403),
    core=("token", "api", "refresh"),
)
def narrowed_grant(mock: Mock) -> object:
    flow = mock.driver()
    answer = flow.exchange(flow.new_code(scope="read write"))
    tokens = flow.tokens_from(answer)
    return (
        token_result(answer),
        tokens.body.get("scope"),
        flow.api_status(tokens.access, WRITE_PROBE),
    )


@case("short-access-tokens", conformant=(43, 200), faulty=(8, 200))
def access_token_length(mock: Mock) -> object:
    flow = mock.driver()
    tokens = flow.new_tokens()
    return len(tokens.access), flow.api_status(tokens.access)


@case(
    "access-token-not-vschar",
    conformant=(True,),
    faulty=(False,),
    core=("api", "refresh"),
)
def access_token_charset(mock: Mock) -> object:
    access = mock.driver().new_tokens().access
    return (all(" " <= ch <= "~" for ch in access),)


@case(
    "long-lived-access-tokens",
    conformant=(3600, 401),
    faulty=(86400, 200),
    core=("expires_in",),
)
def access_token_lifetime(mock: Mock) -> object:
    flow = mock.driver()
    tokens = flow.new_tokens()
    mock.state.clock.advance(3601)
    return tokens.body.get("expires_in"), flow.api_status(tokens.access)


@case(
    "refresh-narrowing-ignored",
    conformant=(OK, "read", 403),
    faulty=(OK, "read", 200),
)
def narrowed_refresh_at_the_api(mock: Mock) -> object:
    flow = mock.driver()
    answer = flow.refresh(flow.new_tokens().refresh or "", scope="read")
    narrowed = flow.tokens_from(answer)
    status = flow.api_status(narrowed.access, WRITE_PROBE)
    return token_result(answer), narrowed.body.get("scope"), status


@case(
    "rotated-refresh-scope-narrowed",
    conformant=("read", "read write"),
    faulty=("read", "read"),
)
def rotated_refresh_keeps_its_scope(mock: Mock) -> object:
    flow = mock.driver()
    narrowed = flow.tokens_from(flow.refresh(flow.new_tokens().refresh or "", scope="read"))
    again = flow.tokens_from(flow.refresh(narrowed.refresh or ""))
    return narrowed.body.get("scope"), again.body.get("scope")


@case("refresh-never-expires", conformant=(OK, INVALID_GRANT), faulty=(OK, OK))
def idle_refresh_token(mock: Mock) -> object:
    flow = mock.driver()
    fresh = flow.new_tokens().refresh or ""
    idle = flow.new_tokens().refresh or ""
    mock.state.clock.advance(29 * 24 * 3600)
    in_time = token_result(flow.refresh(fresh))
    mock.state.clock.advance(2 * 24 * 3600)
    return in_time, token_result(flow.refresh(idle))


# -- issue 8: token endpoint request handling -----------------------------------------------------
@case("unknown-token-params-rejected", conformant=(OK, OK), faulty=(INVALID_REQUEST, OK))
def unknown_token_parameter(mock: Mock) -> object:
    flow = mock.driver()
    unknown = token_result(flow.exchange(flow.new_code(), foo="bar"))
    plain = token_result(flow.exchange(flow.new_code()))
    return unknown, plain


@case(
    "client-credentials-in-query",
    conformant=(INVALID_CLIENT, OK),
    faulty=(OK, OK),
)
def credentials_in_the_query(mock: Mock) -> object:
    flow = mock.driver()
    form = {
        "grant_type": "authorization_code",
        "code": flow.new_code(),
        "redirect_uri": flow.redirect_uri,
        "code_verifier": flow.verifier,
    }
    in_query = flow.http.post(TOKEN, params=flow.auth(), data=form)
    return token_result(in_query), token_result(flow.exchange(flow.new_code()))


@case("token-get-accepted", conformant=(405, 200), faulty=(200, 200))
def token_by_get(mock: Mock) -> object:
    flow = mock.driver()
    params = {
        "grant_type": "authorization_code",
        "code": flow.new_code(),
        "redirect_uri": flow.redirect_uri,
        "code_verifier": flow.verifier,
        **flow.auth(),
    }
    by_get = flow.http.get(TOKEN, params=params)
    return by_get.status_code, flow.exchange(flow.new_code()).status_code


@case(
    "malformed-body-500",
    conformant=(INVALID_GRANT, INVALID_GRANT, INVALID_GRANT),
    faulty=((500, "<not json>"), (500, "<not json>"), INVALID_GRANT),
)
def non_utf8_bodies(mock: Mock) -> object:
    flow = mock.driver()
    auth = "&".join(f"{k}={quote(v, safe='')}" for k, v in flow.auth().items())
    head = f"grant_type=authorization_code&redirect_uri=x&{auth}&code="
    headers = {"Content-Type": FORM}
    encoded = flow.http.post(TOKEN, content=(head + "%FF").encode(), headers=headers)
    raw = flow.http.post(TOKEN, content=head.encode() + b"\xff", headers=headers)
    ascii_ = flow.http.post(TOKEN, content=(head + "bogus").encode(), headers=headers)
    return token_result(encoded), token_result(raw), token_result(ascii_)
