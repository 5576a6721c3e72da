"""The token endpoint enforces the code_verifier bound to the code (RFC 7636 §4.6), for every
client the target has: a confidential client's challenge counts as much as a public one's."""

import pytest

from harness.checks import token_error, verify
from harness.flows import Pkce
from scenarios.pkce._clients import CONFIDENTIAL, PUBLIC, client_note

pytestmark = [pytest.mark.browser]


def _other_verifier(pkce):
    return Pkce.generate().verifier  # well-formed (RFC 7636 §4.1), just not this code's


def _challenge_as_verifier(pkce):
    return pkce.challenge  # the plain-downgrade: replay the S256 challenge as if method were plain


def _no_verifier(pkce):
    return None


VERIFIERS = [
    pytest.param(_other_verifier, ("invalid_grant",), marks=pytest.mark.catalogue(75), id="wrong"),
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
]


def _mismatch(oauth, role, verifier_for, accepted):
    oauth.require_token_control(role)  # the happy path works: a refusal means something
    client_note(oauth, role)
    request = oauth.request(role, pkce=Pkce.generate("S256"))
    grant = oauth.authorize(request)
    response = oauth.exchange(grant, client=role, code_verifier=verifier_for(request.pkce))
    verify(response, *token_error(*accepted, ref="RFC7636-4.6"))


@pytest.mark.requirement("RFC7636-4.6", "RFC9700-2.1.1")
@pytest.mark.needs("pkce")
@pytest.mark.kills("pkce-not-enforced", "pkce-public-clients-only")
@pytest.mark.parametrize("role", CONFIDENTIAL)
@pytest.mark.parametrize(("verifier_for", "accepted"), VERIFIERS)
def test_code_verifier_must_match_challenge(oauth, role, verifier_for, accepted):
    """RFC 7636 §4.6: "If the values are not equal, an error response indicating "invalid_grant"
    as described in Section 5.2 of [RFC6749] MUST be returned." RFC 9700 §2.1.1: "If a client
    sends a valid PKCE code_challenge parameter in the authorization request, the authorization
    server MUST enforce the correct usage of code_verifier at the token endpoint." That holds
    for confidential clients too, whatever their authentication method."""
    _mismatch(oauth, role, verifier_for, accepted)


@pytest.mark.requirement("RFC7636-4.6", "RFC9700-2.1.1")
@pytest.mark.needs("pkce", "public_client")
@pytest.mark.kills("pkce-not-enforced")
@pytest.mark.parametrize("role", PUBLIC)
@pytest.mark.parametrize(("verifier_for", "accepted"), VERIFIERS)
def test_public_client_code_verifier_must_match_challenge(oauth, role, verifier_for, accepted):
    """RFC 7636 §4.6: "If the values are not equal, an error response indicating "invalid_grant"
    ... MUST be returned" (RFC 9700 §2.1.1: enforce "the correct usage of code_verifier")."""
    _mismatch(oauth, role, verifier_for, accepted)


def _crossed(oauth, role):
    """Two authorizations of ``role``; the first code is exchanged with the second's verifier."""
    oauth.require_token_control(role)
    client_note(oauth, role)
    first = oauth.authorize(oauth.request(role, pkce=Pkce.generate("S256")), sign_in=oauth.sign_in)
    second = oauth.request(role, pkce=Pkce.generate("S256"))
    oauth.authorize(second, sign_in=oauth.sign_in).require_code()  # its code stays unused
    response = oauth.exchange(first, client=role, code_verifier=second.pkce.verifier)
    verify(response, *token_error("invalid_grant", ref="RFC7636-4.6"))


@pytest.mark.requirement("RFC7636-4.6", "RFC7636-4.4")
@pytest.mark.catalogue(79)
@pytest.mark.needs("pkce")
@pytest.mark.kills("pkce-verifier-any-code", "pkce-public-clients-only")
@pytest.mark.parametrize("role", CONFIDENTIAL)
def test_verifier_of_another_code_is_rejected(oauth, role):
    """RFC 7636 §4.4: "the authorization server MUST associate the "code_challenge" and
    "code_challenge_method" values with the authorization code"; §4.6: on a mismatch
    "invalid_grant ... MUST be returned". The verifier of another live code of the same client
    is a mismatch too."""
    _crossed(oauth, role)


@pytest.mark.requirement("RFC7636-4.6", "RFC7636-4.4")
@pytest.mark.catalogue(79)
@pytest.mark.needs("pkce", "public_client")
@pytest.mark.kills("pkce-verifier-any-code")
@pytest.mark.parametrize("role", PUBLIC)
def test_public_client_verifier_of_another_code_is_rejected(oauth, role):
    """RFC 7636 §4.4: the challenge is associated "with the authorization code"; §4.6: a
    mismatch "MUST" be invalid_grant, here for the public client."""
    _crossed(oauth, role)
