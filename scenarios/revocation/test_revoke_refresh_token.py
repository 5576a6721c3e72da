"""Revoking a refresh token ends the grant (RFC 7009 §2, §2.1)."""

import pytest

from harness.checks import bearer_error_is, status_is, token_error, verify
from harness.spec import Level

pytestmark = [pytest.mark.browser]


@pytest.mark.requirement("RFC7009-2", "RFC7009-2.1", "RFC7009-2.2")
@pytest.mark.catalogue(92, 111)
@pytest.mark.needs("revocation", "refresh")
@pytest.mark.kills("revoked-token-accepted", "wrong-error-code")
def test_revoked_refresh_token_ends_the_grant(oauth):
    """RFC 7009 §2: "Implementations MUST support the revocation of refresh tokens"; §2.2: "The
    authorization server responds with HTTP status code 200 if the token has been revoked
    successfully"; §2.1: "If the particular token is a refresh token and the authorization server
    supports the revocation of access tokens, then the authorization server SHOULD also
    invalidate all access tokens based on the same authorization grant"."""
    oauth.require_token_control()  # the happy path works: a refusal means something
    tokens = oauth.tokens()
    refresh_token = tokens.require_refresh_token()
    verify(
        oauth.revoke(refresh_token, hint="refresh_token"),
        status_is(200, "RFC7009-2.2", "The refresh token could not be revoked"),
    )
    verify(oauth.refresh(refresh_token), *token_error("invalid_grant", ref="RFC7009-2"))
    verify(
        oauth.call_api(tokens.access_token),
        status_is(401, "RFC7009-2.1", "An access token of the revoked grant still works"),
        bearer_error_is("invalid_token"),
        level=Level.SHOULD,
    )
