"""What the revocation endpoint answers for tokens and hints it does not know (RFC 7009 §2.1,
§2.2)."""

import secrets

import pytest

from harness.checks import error_code_is, status_is, token_error, verify

pytestmark = [pytest.mark.browser]

UNKNOWN_HINT = "not_a_token_type"  # in no registry (RFC 7009 §4.1.2)


@pytest.mark.requirement("RFC7009-2.2")
@pytest.mark.catalogue(111)
@pytest.mark.needs("revocation")
@pytest.mark.kills("revocation-unknown-token-error")
def test_revoking_a_never_issued_token_gets_200(oauth):
    """RFC 7009 §2.2: "The authorization server responds with HTTP status code 200 if the token
    has been revoked successfully or if the client submitted an invalid token. Note: invalid
    tokens do not cause an error response since the client cannot handle such an error in a
    reasonable way". A b64token-shaped value the server never issued, with valid client
    authentication (the control proves the credentials work at the token endpoint)."""
    oauth.require_token_control()  # the client authenticates: an error would be about the token
    never_issued = secrets.token_urlsafe(32)
    verify(
        oauth.revoke(never_issued),
        status_is(200, "RFC7009-2.2", "Revoking a token the server never issued was an error"),
    )


@pytest.mark.requirement("RFC7009-2.1", "RFC7009-2.2.1")
@pytest.mark.catalogue(111)
@pytest.mark.needs("revocation", "refresh")
@pytest.mark.kills("revocation-unknown-hint-skips-token")
def test_unsupported_token_type_hint_is_ignored_or_refused(oauth):
    """RFC 7009 §2.1: "If the server is unable to locate the token using the given hint, it
    MUST extend its search across all of its supported token types. An authorization server
    MAY ignore this parameter"; §2.2.1: unsupported_token_type. So a refresh token sent with a
    hint the server does not know is either revoked (200, and the refresh then fails with
    invalid_grant) or refused with unsupported_token_type; 200 with the token still alive means
    the server gave up its search."""
    oauth.require_token_control()  # the happy path works: a refusal means something
    refresh_token = oauth.tokens().require_refresh_token()
    response = oauth.revoke(refresh_token, hint=UNKNOWN_HINT)
    if response.status == 200:
        verify(oauth.refresh(refresh_token), *token_error("invalid_grant", ref="RFC7009-2.1"))
        return
    verify(
        response,
        status_is(
            400,
            "RFC7009-2.2.1",
            "An unknown token_type_hint was neither ignored nor refused as unsupported_token_type",
        ),
        error_code_is("unsupported_token_type", ref="RFC7009-2.2.1"),
    )
