"""Probes for the token endpoint's rules: codes, PKCE verifiers, refresh tokens, client auth."""

from __future__ import annotations

import base64
import hashlib

from harness.mock import SEED
from tests.mock._defect_support import Case, collector
from tests.mock._drive import WRITE_PROBE, Mock, basic_auth, token_result
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
