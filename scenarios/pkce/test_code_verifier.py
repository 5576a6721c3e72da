"""The token endpoint enforces the code_verifier bound to the code (RFC 7636 §4.6)."""

import pytest

from harness.checks import token_error, verify
from harness.flows import Pkce

pytestmark = [pytest.mark.browser]


def _other_verifier(pkce):
    return Pkce.generate().verifier  # well-formed (RFC 7636 §4.1), just not this code's


def _challenge_as_verifier(pkce):
    return pkce.challenge  # the plain-downgrade: replay the S256 challenge as if method were plain


def _no_verifier(pkce):
    return None


@pytest.mark.requirement("RFC7636-4.6", "RFC9700-2.1.1")
@pytest.mark.needs("pkce")
@pytest.mark.kills("pkce-not-enforced")
@pytest.mark.parametrize(
    ("verifier_for", "accepted"),
    [
        pytest.param(
            _other_verifier, ("invalid_grant",), marks=pytest.mark.catalogue(75), id="wrong"
        ),
        pytest.param(
            _challenge_as_verifier,
            ("invalid_grant",),
            marks=pytest.mark.catalogue(78),
            id="challenge-as-verifier",
        ),
        # §4.6 names invalid_grant for a mismatch; for an absent parameter §5.2's invalid_request
        # ("missing a required parameter") is just as defensible.
        pytest.param(
            _no_verifier,
            ("invalid_grant", "invalid_request"),
            marks=pytest.mark.catalogue(76),
            id="missing",
        ),
    ],
)
def test_code_verifier_must_match_challenge(oauth, verifier_for, accepted):
    """RFC 7636 §4.6: "If the values are not equal, an error response indicating "invalid_grant"
    as described in Section 5.2 of [RFC6749] MUST be returned." RFC 9700 §2.1.1: "If a client
    sends a valid PKCE code_challenge parameter in the authorization request, the authorization
    server MUST enforce the correct usage of code_verifier at the token endpoint.\""""
    oauth.require_token_control()  # the happy path works: a refusal means something
    request = oauth.request(pkce=Pkce.generate("S256"))
    grant = oauth.authorize(request)
    response = oauth.exchange(grant, code_verifier=verifier_for(request.pkce))
    verify(response, *token_error(*accepted, ref="RFC7636-4.6"))
