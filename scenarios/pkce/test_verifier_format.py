"""A code_verifier that is not 43-128 characters of the unreserved set is refused (RFC 7636
§4.1): the named corpus and a bounded Hypothesis search for the primary client, and a 42-character
verifier (one short: the likeliest client bug) for every client the target has.

§4.1 binds the client ("code_verifier = high-entropy cryptographic random STRING using the
unreserved characters ... with a minimum length of 43 characters and a maximum length of 128
characters"); a server that enforces it refuses a weak verifier a buggy client sends. That the
server checks is OAuch's and FAPI's reading, not an RFC MUST: accepting one is a warning.
Each verifier gets its own authorization whose S256 challenge it matches, so only its form
can be the reason for a refusal.
"""

import pytest

from harness.attacks import VERIFIER_CORPUS, budget, explore, malformed_verifiers
from harness.checks import refused, token_error, verify
from harness.flows import Pkce
from harness.spec import Level
from scenarios.pkce._clients import CONFIDENTIAL, PUBLIC, client_note

pytestmark = [pytest.mark.browser]


def _judge(oauth, role):
    def judge(named):
        name, verifier = named
        oauth.evidence.add_note(f"verifier {name} ({len(verifier)} characters)")
        request = oauth.request(role, pkce=Pkce(verifier, "S256"))
        grant = oauth.authorize(request, sign_in=oauth.sign_in)
        response = oauth.exchange(grant, client=role)  # sends request.pkce.verifier
        if response.status is not None and 200 <= response.status < 300:
            why = f"A malformed code_verifier ({name}) was accepted"
            verify(response, refused("RFC7636-4.1", why), level=Level.SHOULD)
            return
        verify(response, *token_error("invalid_request", "invalid_grant", ref="RFC7636-4.1"))

    return judge


def _one_short(oauth, role):
    oauth.require_token_control(role)  # the happy path works: a refusal means something
    client_note(oauth, role)
    _judge(oauth, role)(SHORT)


SHORT = next(named for named in VERIFIER_CORPUS if named[0] == "42-characters")


@pytest.mark.requirement("RFC7636-4.1", level="SHOULD")
@pytest.mark.catalogue(80)
@pytest.mark.needs("pkce")
@pytest.mark.kills("pkce-verifier-format-unchecked", "pkce-public-clients-only")
@pytest.mark.parametrize("role", CONFIDENTIAL)
def test_short_code_verifier_is_refused(oauth, role):
    """RFC 7636 §4.1: "code_verifier = high-entropy cryptographic random STRING ... with a
    minimum length of 43 characters and a maximum length of 128 characters." A 42-character
    verifier is refused, whatever the client's type and authentication method."""
    _one_short(oauth, role)


@pytest.mark.requirement("RFC7636-4.1", level="SHOULD")
@pytest.mark.catalogue(80)
@pytest.mark.needs("pkce", "public_client")
@pytest.mark.kills("pkce-verifier-format-unchecked")
@pytest.mark.parametrize("role", PUBLIC)
def test_public_client_short_code_verifier_is_refused(oauth, role):
    """RFC 7636 §4.1: "a minimum length of 43 characters"; the public client's 42-character
    verifier is refused like the others."""
    _one_short(oauth, role)


@pytest.mark.requirement("RFC7636-4.1", level="SHOULD")
@pytest.mark.catalogue(80)
@pytest.mark.needs("pkce")
@pytest.mark.kills("pkce-verifier-format-unchecked")
@pytest.mark.heavy  # an authorization per verifier tried
def test_malformed_code_verifiers_are_refused(oauth):
    """RFC 7636 §4.1: "code_verifier = high-entropy cryptographic random STRING using the
    unreserved characters [A-Z] / [a-z] / [0-9] / "-" / "." / "_" / "~" ... with a minimum
    length of 43 characters and a maximum length of 128 characters." abc, 42 and 129
    characters and one holding '+', '/' and '=', then a bounded, reproducible Hypothesis search
    of verifiers too short, too long, or holding another visible ASCII character."""
    oauth.require_token_control()
    examples = budget(oauth.target.kind)
    explore(_judge(oauth, "primary"), VERIFIER_CORPUS, malformed_verifiers(), examples=examples)
