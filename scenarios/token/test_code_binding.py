"""A code is redeemable only by the client it was issued to (RFC 6749 §4.1.3, §10.5)."""

import pytest

from harness.checks import token_error, verify

pytestmark = [pytest.mark.browser]


@pytest.mark.requirement("RFC6749-4.1.3", "RFC6749-10.5")
@pytest.mark.kills("code-not-bound-to-client")
@pytest.mark.parametrize(
    "thief",
    [
        pytest.param(
            "second",
            marks=[pytest.mark.needs("second_client"), pytest.mark.catalogue(59)],
            id="confidential-client",
        ),
        pytest.param(
            "public",
            marks=[pytest.mark.needs("public_client"), pytest.mark.catalogue(60)],
            id="public-client",
        ),
    ],
)
def test_code_is_bound_to_its_client(oauth, thief):
    """RFC 6749 §4.1.3: the authorization server MUST "ensure that the authorization code was
    issued to the authenticated confidential client, or if the client is public, ensure that the
    code was issued to "client_id" in the request". The other client authenticates correctly and
    even knows the code_verifier: only the binding can stop it."""
    oauth.require_token_control(thief)  # the happy path works: a refusal means something
    grant = oauth.authorize()
    stolen = oauth.exchange(grant, client=thief)
    basic = oauth.client(thief).auth_method == "client_secret_basic"
    verify(
        stolen, *token_error("invalid_grant", "invalid_client", basic=basic, ref="RFC6749-4.1.3")
    )
