"""What the authorization endpoint accepts as a PKCE challenge (RFC 7636, RFC 9700 §2.1.1)."""

import secrets
import string

import pytest

from harness.checks import (
    json_field_present,
    no_code_issued,
    param_absent,
    param_equals,
    query_params,
    status_is,
    verify,
)
from harness.flows import Pkce
from harness.spec import Level

pytestmark = [pytest.mark.browser]


@pytest.mark.requirement("RFC9700-2.1.1", "RFC7636-4.4.1")
@pytest.mark.catalogue(36, 38)
@pytest.mark.needs("public_client")
@pytest.mark.kills("public-client-pkce-optional")
@pytest.mark.parametrize("challenge", [None, ""], ids=["omitted", "empty"])
def test_public_client_without_code_challenge_is_refused(oauth, challenge):
    """RFC 9700 §2.1.1: "Public clients MUST use PKCE"; RFC 7636 §4.4.1: "If the server requires
    Proof Key for Code Exchange (PKCE) by OAuth public clients and the client does not send the
    "code_challenge" in the request, the authorization endpoint MUST return the authorization
    error response with the "error" value set to "invalid_request"." RFC 6749 §3.1: an empty
    ``code_challenge=`` is treated as omitted.

    The published RFCs oblige the client, and the server only where it requires PKCE; OAuth 2.1
    makes the server enforce it. So a code issued without a challenge is judged at SHOULD, and a
    refusal by redirect must then name invalid_request (MUST)."""
    extra = [] if challenge is None else [("code_challenge", challenge)]
    request = oauth.request("public", pkce=None, extra=extra)
    answer = oauth.attempt(request).require_answer()
    verify(
        answer,
        no_code_issued("RFC9700-2.1.1", "A public client got a code without PKCE"),
        level=Level.SHOULD,
    )
    if answer is not None and "code" not in query_params(answer):
        verify(
            answer,
            param_equals(
                "error",
                "invalid_request",
                "RFC7636-4.4.1",
                "A public client's request without code_challenge was not refused as "
                "invalid_request",
            ),
        )


@pytest.mark.requirement("RFC9700-2.1.1", "RFC7636-4.2", level="SHOULD")
@pytest.mark.catalogue(37)
@pytest.mark.needs("pkce", "pkce_plain_rejected")
@pytest.mark.kills("pkce-plain-accepted")
@pytest.mark.parametrize("method", ["plain", None], ids=["explicit-plain", "default-plain"])
def test_plain_code_challenge_is_refused(oauth, method):
    """RFC 9700 §2.1.1: "Clients SHOULD use PKCE code challenge methods that do not expose the
    PKCE verifier in the authorization request. … Currently, S256 is the only such method."
    RFC 7636 §4.3: without code_challenge_method the method is "plain". A server that refuses
    plain (the target says it does) answers invalid_request (RFC 7636 §4.4.1); accepting it is a
    warning, not a failure (catalogue #37)."""
    verifier = Pkce.generate().verifier
    extra = [("code_challenge", verifier)]  # plain: the challenge is the verifier itself
    if method is not None:
        extra.append(("code_challenge_method", method))
    grant = oauth.attempt(oauth.request(pkce=None, extra=extra))
    verify(
        grant.require_answer(),
        no_code_issued("RFC9700-2.1.1", "A plain code_challenge was accepted"),
        level=Level.SHOULD,
    )


@pytest.mark.requirement("RFC7636-4.4.1", "RFC6749-4.1.2.1")
@pytest.mark.catalogue(35)
@pytest.mark.needs("pkce")
@pytest.mark.kills("error-redirect-drops-state")
def test_unsupported_code_challenge_method_is_refused(oauth):
    """RFC 7636 §4.4.1: "If the server supporting PKCE does not support the requested
    transformation, the authorization endpoint MUST return the authorization error response
    with "error" value set to "invalid_request"" — an error response that echoes the state
    (RFC 6749 §4.1.2.1)."""
    challenge = Pkce.generate().challenge
    extra = [("code_challenge", challenge), ("code_challenge_method", "S512")]
    request = oauth.request(pkce=None, extra=extra)
    callback = oauth.attempt(request).require_response()
    verify(
        callback.url,
        param_absent("code", "RFC7636-4.4.1", "An unknown challenge method was accepted"),
        param_equals(
            "error",
            "invalid_request",
            "RFC7636-4.4.1",
            "An unknown code_challenge_method was not refused as invalid_request",
        ),
        param_equals(
            "state",
            request.state,
            "RFC6749-4.1.2.1",
            "The error redirect did not echo the state exactly",
        ),
    )


def _unreserved_verifier() -> str:
    """64 random characters of RFC 7636 §4.1's unreserved set, each of "-._~" included."""
    alphabet = string.ascii_letters + string.digits + "-._~"
    chars = [secrets.choice(alphabet) for _ in range(60)] + list("-._~")
    secrets.SystemRandom().shuffle(chars)
    return "".join(chars)


@pytest.mark.requirement("RFC7636-4.6", "RFC7636-4.1", "RFC9700-2.1.1")
@pytest.mark.catalogue(34)
@pytest.mark.needs("pkce")
@pytest.mark.kills("pkce-verifier-charset-narrow")
def test_valid_s256_request_succeeds_end_to_end(oauth):
    """RFC 7636 §4.1: code_verifier = 43*128unreserved, unreserved = ALPHA / DIGIT / "-" / "." /
    "_" / "~"; §4.6: "If the values are equal, the token endpoint MUST continue processing as
    normal (as defined by OAuth 2.0 [RFC6749])." RFC 9700 §2.1.1: authorization servers MUST
    support PKCE. A valid S256 request whose verifier uses every symbol of that set gets a code,
    and the code exchanges with the verifier."""
    request = oauth.request(pkce=Pkce(_unreserved_verifier(), "S256"))
    grant = oauth.authorize(request)
    grant.require_code()
    verify(
        oauth.exchange(grant),
        status_is(200, "RFC7636-4.6", "A valid S256 code_verifier was refused"),
        json_field_present("access_token", "RFC7636-4.6"),
    )
