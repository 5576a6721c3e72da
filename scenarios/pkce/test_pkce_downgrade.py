"""A code_verifier for a code issued without a code_challenge is refused (RFC 9700 §4.8.2)."""

import pytest

from harness.checks import token_error, verify
from harness.flows import Pkce
from scenarios.pkce._clients import CONFIDENTIAL, client_note

pytestmark = [pytest.mark.browser]


@pytest.mark.requirement("RFC9700-2.1.1", "RFC9700-4.8.2")
@pytest.mark.catalogue(77)
@pytest.mark.needs("pkce")
@pytest.mark.kills("pkce-downgrade-accepted", "pkce-public-clients-only")
@pytest.mark.parametrize("role", CONFIDENTIAL)
def test_code_verifier_without_challenge_is_rejected(oauth, role):
    """RFC 9700 §2.1.1: "Authorization servers MUST mitigate PKCE downgrade attacks by ensuring
    that a token request containing a code_verifier parameter is accepted only if a code_challenge
    parameter was present in the authorization request; see Section 4.8.2 for details."
    A server that requires PKCE of every client refuses the challenge-less authorization
    request itself (a control shows the same request with a challenge succeeds): no code exists
    to downgrade, and the rule holds. Run for each confidential client (a public client must
    send a challenge anyway)."""
    oauth.require_token_control(role)  # the happy path works: a refusal means something
    client_note(oauth, role)
    grant = oauth.attempt(oauth.request(role, pkce=None))
    if not grant.granted:
        oauth.evidence.add_note(
            "the server refused the authorization request without code_challenge "
            f"({grant.summary()}): it requires PKCE, so no code can be downgraded"
        )
        return
    response = oauth.exchange(grant, client=role, code_verifier=Pkce.generate().verifier)
    verify(response, *token_error("invalid_request", "invalid_grant", ref="RFC9700-2.1.1"))
