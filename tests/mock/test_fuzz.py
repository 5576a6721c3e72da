"""Hypothesis fuzzing of the token endpoint, the API and the authorization endpoint, in-process.

Properties: never a 5xx; token errors are RFC 6749 §5.2 JSON (401 + a Basic challenge exactly
for invalid_client, always after a Basic attempt); tokens only for a client that authenticated
by exactly one method; API refusals are 400/401/403/429 in Taskade's envelope and a 200 needs a
valid bearer header; the authorization endpoint redirects only to a URI registered for the
client, never with a code before consent. One app per module; the example count comes from the
Hypothesis profile (conftest: "ci"). A method a route does not serve is Flask's HTTP-level 405.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from http import HTTPStatus
from typing import Any
from urllib.parse import parse_qs

import httpx
import pytest
from hypothesis import event, example, given
from hypothesis import strategies as st
from werkzeug.http import parse_options_header

from harness.mock import SEED, MockSettings, MockState, create_app
from tests.mock._drive import FORM, ISSUER, PUBLIC_CALLBACK, TOKEN, WRITE_PROBE, Driver, outcome
from tests.mock._fuzz_requests import (
    PUBLIC_CODE,
    ApiRequest,
    AuthorizeRequest,
    TokenRequest,
    api_requests,
    authorize_queries,
    authorize_requests,
    token_requests,
)
from tests.mock._fuzz_support import (
    ACCESS_READ,
    ACCESS_REVOKED,
    ACCESS_RW,
    ENCODINGS,
    Pairs,
    Resolver,
    as_query,
    build_authorization,
    client_authenticated,
    encode_pairs,
    first_values,
    registered_for,
    weighted,
)
from tests.mock.flow import CALLBACK, csrf_token

# RFC 6749 §5.2: the error codes, and the characters error_description may hold.
TOKEN_ERRORS = {
    "invalid_request",
    "invalid_client",
    "invalid_grant",
    "unauthorized_client",
    "unsupported_grant_type",
    "invalid_scope",
}
DESCRIPTION = re.compile(r"[\x20\x21\x23-\x5b\x5d-\x7e]*")
HARDENING = ("content-security-policy", "x-frame-options", "referrer-policy")
BARE = 'Bearer realm="taskade-mock"'


class Env:
    """One app for a whole module, with signed-in sessions and tokens minted once.

    Not a dataclass: Hypothesis and pytest print test arguments, and this one holds secrets.
    """

    def __init__(
        self, http: httpx.Client, primary: Driver, public: Driver, tokens: dict[str, str], csrf: str
    ) -> None:
        self.http = http  # cookies are cleared before each example
        self.primary = primary  # signed in once: a code costs two requests
        self.public = public
        self.tokens = tokens
        self.csrf = csrf  # the signed-in session's form token, for consent POSTs

    def __repr__(self) -> str:
        return "Env(<in-process mock>)"

    def resolver(self) -> Resolver:
        return Resolver(self.primary, self.public, self.tokens)

    def send(self, method: str, path: str, query: bytes, **kwargs: Any) -> httpx.Response:
        self.http.cookies.clear()
        return self.http.request(method, httpx.URL(path, query=as_query(query)), **kwargs)


@pytest.fixture(scope="module")
def env() -> Iterator[Env]:
    settings = MockSettings()
    app = create_app(settings, MockState())

    def client() -> httpx.Client:
        return httpx.Client(transport=httpx.WSGITransport(app=app), base_url=settings.issuer)

    primary = Driver(client(), client=SEED.primary, redirect_uri=CALLBACK)
    public = Driver(client(), client=SEED.public, redirect_uri=PUBLIC_CALLBACK)
    for driver in (primary, public):
        driver.sign_in(driver.http.get("/oauth2/authorize", params=driver.params(scope="read")))
    revoked = primary.new_tokens().access
    primary.http.post("/oauth2/revoke", data={"token": revoked, **primary.auth()})
    tokens = {
        ACCESS_RW: primary.new_tokens(scope="read write").access,
        ACCESS_READ: primary.new_tokens(scope="read").access,
        ACCESS_REVOKED: revoked,
    }
    consent = primary.http.get("/oauth2/authorize", params=primary.params())
    http = client()
    yield Env(http, primary, public, tokens, csrf_token(consent.text))
    for c in (http, primary.http, public.http):
        c.close()


def assert_http_level(response: httpx.Response, method: str, allowed: str) -> None:
    """A method the route does not serve: 405 (OPTIONS: 200), with Allow naming the method."""
    assert response.status_code == (200 if method == "OPTIONS" else 405), response.status_code
    assert allowed in response.headers.get("allow", ""), "Allow lacks the route's method"


# -- token endpoint -------------------------------------------------------------------------------
@given(spec=token_requests())
@example(  # a failed Basic attempt fell back to client_id alone for the public client (was 200)
    spec=TokenRequest("POST", FORM, PUBLIC_CODE, "percent", b"", ("basic", SEED.public.id, "x"), [])
)
def test_the_token_endpoint_answers_every_request_per_rfc6749(env: Env, spec: TokenRequest) -> None:
    resolve = env.resolver()
    body = (
        spec.raw if spec.pairs is None else encode_pairs(resolve.pairs(spec.pairs), spec.encoding)
    )
    authorization = build_authorization(spec.authorization, resolve)
    headers = {"Content-Type": spec.content_type, "Authorization": authorization}
    query = encode_pairs(resolve.pairs(spec.query), "percent")  # credentials here are ignored
    sent = {k: v for k, v in headers.items() if v is not None}
    answer = env.send(spec.method, TOKEN, query, content=body, headers=sent)
    status = answer.status_code
    event(f"{spec.method} {status}")
    assert status < 500, f"token endpoint answered {status}"
    if spec.method != "POST":
        assert_http_level(answer, spec.method, "POST")  # RFC 6749 §3.2: POST only
        return
    assert answer.headers.get("content-type") == "application/json"
    assert answer.headers.get("cache-control") == "no-store"  # RFC 6749 §5.1
    assert answer.headers.get("pragma") == "no-cache"
    reply = answer.json()
    challenge = answer.headers.get("www-authenticate")
    is_form = parse_options_header(spec.content_type or "")[0].lower() == FORM
    form = first_values(body) if is_form else {}
    if status == 200:
        event(f"tokens for grant_type={form.get('grant_type')}")
        assert reply.get("token_type") == "Bearer", "200 without a bearer token response"
        assert isinstance(reply.get("access_token"), str)
        # RFC 6749 §4.4: client credentials too (on by default), never password or implicit.
        served = ("authorization_code", "refresh_token", "client_credentials")
        assert form.get("grant_type") in served
        authenticated = client_authenticated(form, authorization)
        assert authenticated, "tokens for a client that did not authenticate by exactly one method"
        assert challenge is None
        return
    error = reply.get("error")
    event(f"error={error}")
    assert status in (400, 401), f"token error with status {status}"
    assert error in TOKEN_ERRORS, f"error code {error!r} is not in RFC 6749 §5.2"
    assert DESCRIPTION.fullmatch(reply.get("error_description", "")), "bad description chars"
    tried_basic = authorization is not None and authorization[:6].lower() == "basic "
    if status == 401 or (error == "invalid_client" and tried_basic):
        # RFC 6749 §5.2: after a failed Basic attempt, 401 with a challenge for that scheme.
        assert (status, error) == (401, "invalid_client"), (status, error)
        assert (challenge or "").startswith("Basic "), "401 without a Basic challenge"
    else:
        assert challenge is None, "a challenge on a 400"


# -- protected resource (API) ---------------------------------------------------------------------
def assert_envelope(answer: httpx.Response, status: int) -> None:
    """Taskade's error body: ok false, code and statusMessage from the status."""
    phrase = HTTPStatus(status).phrase
    body = answer.json()
    assert set(body) == {"ok", "message", "code", "statusMessage"}, sorted(body)
    assert body["ok"] is False
    assert body["code"] == phrase.upper().replace(" ", "_"), body["code"]
    assert body["statusMessage"] == phrase
    assert isinstance(body["message"], str)
    if status != 400:  # a 400 names the bad parameter in its message
        assert body["message"] == phrase


@given(spec=api_requests)
@example(  # "\u00b2".isdigit() is true, int("\u00b2") raises (was 500)
    spec=ApiRequest(
        "GET",
        "/api/v1/me/projects",
        ("scheme", "Bearer", " ", ACCESS_RW),
        [("limit", "\u00b2")],
        "percent",
    )
)
def test_the_api_refuses_in_taskade_shape_and_serves_only_valid_tokens(
    env: Env, spec: ApiRequest
) -> None:
    resolve = env.resolver()
    authorization = build_authorization(spec.authorization, resolve)
    query = encode_pairs(resolve.pairs(spec.query), spec.encoding)
    headers = {"Authorization": authorization} if authorization is not None else {}
    answer = env.send(spec.method, spec.path, query, headers=headers)
    status = answer.status_code
    event(f"{spec.method} {status}")
    assert status < 500, f"API answered {status}"
    if spec.method not in ("GET", "HEAD"):
        assert_http_level(answer, spec.method, "GET")
        return
    assert "x-rate-limit-remaining" in answer.headers
    sent = first_values(answer.request.url.query)
    scheme, _, credentials = (authorization or "").partition(" ")
    bearer = scheme.lower() == "bearer"
    valid = {env.tokens[ACCESS_RW], env.tokens[ACCESS_READ]}
    good_header = bearer and credentials in valid and "access_token" not in sent
    write_token = credentials == env.tokens[ACCESS_RW]
    event(f"valid bearer header: {good_header}")
    if status == 200:
        assert good_header, "200 without a valid bearer token in the header alone"
        if spec.path == WRITE_PROBE:
            assert write_token, "write-probe served without scope write"
        assert answer.headers.get("cache-control") == "private, no-store"
        return
    assert status in (400, 401, 403, 429), f"API refusal with status {status}"
    if spec.method == "GET":
        assert_envelope(answer, status)
    challenge = answer.headers.get("www-authenticate") or ""
    if status == 401:
        assert not good_header, "a valid token was refused"
        assert challenge.startswith(BARE), "401 without a Bearer challenge"  # RFC 6750 §3
        if not bearer and "access_token" not in sent:
            assert challenge == BARE, "an error code in a challenge without credentials"
    if status == 403:
        assert spec.path == WRITE_PROBE, "403 outside the write probe"
        assert 'error="insufficient_scope"' in challenge, "403 without insufficient_scope"
    if status == 400 and good_header:
        assert spec.path == "/api/v1/me/projects", "a valid request refused as bad"


# -- authorization endpoint -----------------------------------------------------------------------
def assert_safe_redirect(answer: httpx.Response, sent: dict[str, str], code_allowed: bool) -> None:
    """The target is registered for the client; the response carries iss and the exact state."""
    target, _, raw = answer.headers["location"].partition("?")
    assert registered_for(sent.get("client_id"), target), "redirect to an unregistered URI"
    got = parse_qs(raw, keep_blank_values=True, errors="surrogateescape")
    assert got.get("iss") == [ISSUER], "no iss"  # RFC 9207 §2
    assert ("code" in got) != ("error" in got), sorted(got)  # RFC 6749 §4.1.2 / §4.1.2.1
    assert code_allowed or "code" not in got, "a code without consent"
    if "state" in sent:
        assert got.get("state") == [sent["state"]], "state not echoed exactly"


@given(spec=authorize_requests)
def test_the_authorization_endpoint_redirects_only_to_registered_uris(
    env: Env, spec: AuthorizeRequest
) -> None:
    query = encode_pairs(spec.pairs, spec.encoding)
    if spec.signed_in:
        url = httpx.URL("/oauth2/authorize", query=as_query(query))
        answer = env.primary.http.get(url)
    else:
        answer = env.send("GET", "/oauth2/authorize", query)
    assert answer.status_code < 500, f"authorize answered {answer.status_code}"
    assert all(name in answer.headers for name in HARDENING), "page not hardened"
    sent = first_values(answer.request.url.query)
    seen = outcome(answer)
    event(re.sub(r":\d+/", ":<port>/", seen.partition(" [")[0]))
    if answer.is_redirect:
        assert answer.status_code == 302, answer.status_code
        assert_safe_redirect(answer, sent, code_allowed=False)
    elif answer.status_code == 200:
        assert seen == ("consent-page" if spec.signed_in else "login-page"), seen
    else:
        assert seen.startswith("400 error-page "), seen


@given(
    pairs=authorize_queries,
    encoding=weighted((4, st.just("percent")), (1, st.sampled_from(ENCODINGS))),
    decision=st.sampled_from(["allow", "allow", "deny", "maybe", ""]),
)
def test_the_consent_post_redirects_only_to_registered_uris(
    env: Env, pairs: Pairs, encoding: str, decision: str
) -> None:
    query = as_query(encode_pairs(pairs, encoding))
    data = {"csrf_token": env.csrf, "decision": decision}
    answer = env.primary.http.post(httpx.URL("/oauth2/consent", query=query), data=data)
    assert answer.status_code < 500, f"consent answered {answer.status_code}"
    assert all(name in answer.headers for name in HARDENING), "page not hardened"
    sent = first_values(answer.request.url.query)
    seen = outcome(answer)
    event(re.sub(r":\d+/", ":<port>/", seen.partition(" [")[0]))
    if answer.is_redirect:
        assert answer.status_code == 303, answer.status_code  # after a POST
        assert_safe_redirect(answer, sent, code_allowed=decision == "allow")
    else:
        assert seen.startswith("400 error-page "), seen
