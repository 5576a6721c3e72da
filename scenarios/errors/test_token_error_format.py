"""Token-endpoint errors follow RFC 6749 §5.2 and name the code each request deserves (#109).

The expected-error matrix: negative token requests that need no browser, each with the error
code(s) §5.2 assigns to it, all judged by the one shared assertion ``token_error``. The matrix is
split by the mock defects each part catches (a defect that keeps invalid_request cannot be caught
by a request whose right answer is invalid_request).
"""

import json
from collections.abc import Callable
from dataclasses import dataclass

import pytest

from harness.checks import token_error, verify
from harness.flows import client_auth, token_request

pytestmark = [pytest.mark.browser]  # the control authorizes in the browser

FORGED = "harness-forged-value-AAAAAAAAAAAAAAAAAAAAAAAA"
WRONG_SECRET = "not-the-secret:%+/"


@dataclass(frozen=True)
class Case:
    send: Callable[..., object]
    accepted: tuple[str, ...]
    basic: bool = False  # the request authenticated with HTTP Basic (§5.2: invalid_client → 401)


def _form(oauth, *pairs, auth=None):
    """``pairs`` plus the primary client's authentication (its own method unless ``auth``)."""
    fields, headers = client_auth(oauth.client(), auth)
    return token_request(
        oauth.http, oauth.target.endpoints.token, [*pairs, *fields], headers=headers
    )


def _code_request(code):
    return lambda oauth: _form(
        oauth,
        ("grant_type", "authorization_code"),
        ("code", code),
        ("redirect_uri", oauth.client().redirect_uri),
    )


def _json_body(oauth):
    _, basic = client_auth(oauth.client(), "client_secret_basic")
    body = json.dumps({"grant_type": "authorization_code", "code": FORGED}).encode()
    headers = [*basic, ("Content-Type", "application/json")]
    return oauth.http.send("POST", oauth.target.endpoints.token, content=body, headers=headers)


def _two_auth_methods(oauth):
    client = oauth.client()
    _, basic = client_auth(client, "client_secret_basic")
    post, _ = client_auth(client, "client_secret_post")
    form = [("grant_type", "authorization_code"), ("code", FORGED), *post]
    return token_request(oauth.http, oauth.target.endpoints.token, form, headers=basic)


def _client_secret(client_id):
    """A code request authenticated in the body with ``WRONG_SECRET`` for ``client_id(oauth)``."""
    return lambda oauth: token_request(
        oauth.http,
        oauth.target.endpoints.token,
        [
            ("grant_type", "authorization_code"),
            ("code", FORGED),
            ("client_id", client_id(oauth)),
            ("client_secret", WRONG_SECRET),
        ],
    )


MALFORMED = [
    pytest.param(
        Case(lambda oauth: _form(oauth, ("code", FORGED)), ("invalid_request",)),
        marks=[pytest.mark.catalogue(71), pytest.mark.requirement("RFC6749-4.1.3")],
        id="missing-grant-type",
    ),
    pytest.param(
        Case(
            lambda oauth: _form(oauth, ("grant_type", "authorization_code")), ("invalid_request",)
        ),
        marks=[pytest.mark.catalogue(71), pytest.mark.requirement("RFC6749-4.1.3")],
        id="missing-code",
    ),
    pytest.param(
        Case(_json_body, ("invalid_request",), basic=True),
        marks=[pytest.mark.catalogue(71), pytest.mark.requirement("RFC6749-4.1.3")],
        id="json-body",
    ),
    pytest.param(
        Case(_two_auth_methods, ("invalid_request", "invalid_client"), basic=True),
        marks=[pytest.mark.catalogue(66), pytest.mark.requirement("RFC6749-2.3")],
        id="two-auth-methods",
    ),
]


@pytest.mark.requirement("RFC6749-5.2")
@pytest.mark.catalogue(109)
@pytest.mark.kills("errors-as-200")
@pytest.mark.parametrize("case", MALFORMED)
def test_malformed_token_request_is_invalid_request(oauth, case):
    """RFC 6749 §5.2: invalid_request — "The request is missing a required parameter, includes an
    unsupported parameter value (other than grant type), repeats a parameter, includes multiple
    credentials, utilizes more than one mechanism for authenticating the client, or is otherwise
    malformed." §4.1.3: the client sends the parameters "using the
    "application/x-www-form-urlencoded" format"; §2.3: "The client MUST NOT use more than one
    authentication method in each request.\""""
    oauth.require_token_control()  # the happy path works: a refusal means something
    verify(case.send(oauth), *token_error(*case.accepted, basic=case.basic))


SPECIFIC = [
    pytest.param(
        Case(lambda oauth: _form(oauth, ("grant_type", "foo")), ("unsupported_grant_type",)),
        marks=pytest.mark.catalogue(72),
        id="unsupported-grant-type",
    ),
    pytest.param(
        Case(_code_request(FORGED), ("invalid_grant",)),
        marks=[pytest.mark.catalogue(74), pytest.mark.requirement("RFC6749-4.1.3")],
        id="forged-code",
    ),
    pytest.param(
        Case(_code_request("c" * 2048), ("invalid_grant",)),
        marks=[pytest.mark.catalogue(74), pytest.mark.requirement("RFC6749-4.1.3")],
        id="forged-code-long",
    ),
    pytest.param(
        Case(_code_request("çødé\x00%zz<'\"> ;&="), ("invalid_grant",)),
        marks=[pytest.mark.catalogue(74), pytest.mark.requirement("RFC6749-4.1.3")],
        id="forged-code-odd-characters",
    ),
    pytest.param(
        Case(
            lambda oauth: _form(oauth, ("grant_type", "refresh_token"), ("refresh_token", FORGED)),
            ("invalid_grant",),
        ),
        marks=[pytest.mark.needs("refresh"), pytest.mark.requirement("RFC6749-6")],
        id="forged-refresh-token",
    ),
    pytest.param(
        Case(_client_secret(lambda oauth: "unknown.client.test"), ("invalid_client",)),
        marks=pytest.mark.requirement("RFC6749-3.2.1"),
        id="unknown-client",
    ),
    pytest.param(
        Case(_client_secret(lambda oauth: oauth.client().id), ("invalid_client",)),
        marks=pytest.mark.requirement("RFC6749-3.2.1"),
        id="wrong-client-secret",
    ),
]


@pytest.mark.requirement("RFC6749-5.2")
@pytest.mark.catalogue(109)
@pytest.mark.kills("errors-as-200", "wrong-error-code")
@pytest.mark.parametrize("case", SPECIFIC)
def test_token_error_names_the_specific_code(oauth, case):
    """RFC 6749 §5.2: "The authorization server responds with an HTTP 400 (Bad Request) status
    code (unless specified otherwise) ... error REQUIRED. A single ASCII error code from the
    following": invalid_client ("Client authentication failed (e.g., unknown client, no client
    authentication included, or unsupported authentication method)"), invalid_grant ("The provided
    authorization grant ... or refresh token is invalid, expired, revoked ..."),
    unsupported_grant_type ("The authorization grant type is not supported by the authorization
    server")."""
    oauth.require_token_control()  # the happy path works: a refusal means something
    verify(case.send(oauth), *token_error(*case.accepted, basic=case.basic))
