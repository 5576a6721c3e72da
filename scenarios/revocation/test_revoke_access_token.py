"""A revoked access token stops working at the protected resource (RFC 7009 §2; RFC 6750 §3.1)."""

import pytest

from harness.checks import bearer_error_is, status_is, verify
from harness.spec import Level

pytestmark = [pytest.mark.browser]


@pytest.mark.requirement("RFC7009-2", "RFC6750-3.1", level="SHOULD")
@pytest.mark.catalogue(102, 111)
@pytest.mark.needs("revocation")
@pytest.mark.kills("revoked-token-accepted")
def test_revoked_access_token_is_rejected(oauth):
    """RFC 7009 §2: implementations "SHOULD support the revocation of access tokens"; "the
    authorization server invalidates the token. The invalidation takes place immediately, and
    the token cannot be used again after the revocation" (self-contained tokens may outlive it,
    hence SHOULD); RFC 6750 §3.1: invalid_token — the token is "expired, revoked, malformed"."""
    oauth.require_token_control()  # the happy path works: a refusal means something
    tokens = oauth.tokens()
    verify(
        oauth.revoke(tokens.access_token, hint="access_token"),
        status_is(200, "RFC7009-2.2", "The access token could not be revoked"),
        level=Level.SHOULD,
    )
    verify(
        oauth.call_api(tokens.access_token),
        status_is(401, "RFC6750-3.1", "A revoked access token was accepted"),
        bearer_error_is("invalid_token"),
        level=Level.SHOULD,
    )
