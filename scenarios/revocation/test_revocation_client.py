"""Only the client a token was issued to, authenticated, can revoke it (RFC 7009 §2.1).

Field case: client B, with its own valid credentials, posted client A's refresh token to the
revocation endpoint, got 200, and A's next refresh failed.

What B must be told: §2.1 says that if the check of the token's client fails, "the request is
refused and the client is informed of the error" (§2.2.1: an RFC 6749 §5.2 error response).
That sentence carries no RFC 2119 keyword, and §2.2 answers 200 for "invalid tokens" (some
servers, Django OAuth Toolkit among them, treat another client's token as one, so as not to
tell B it exists), so a 200 to B is a warning. A's token being revoked is the failure (MUST).
"""

import pytest

from harness.checks import refused, status_in, status_is, token_error, verify
from harness.spec import Level

pytestmark = [pytest.mark.browser]


def refused_to_other_client(oauth, token, hint):
    """B (the ``second`` client) tries to revoke A's ``token``; judged at SHOULD."""
    verify(
        oauth.revoke(token, client="second", hint=hint),
        refused("RFC7009-2.1", "Another client's revocation request was not refused"),
        level=Level.SHOULD,
    )


@pytest.mark.requirement("RFC7009-2.1")
@pytest.mark.catalogue(111)
@pytest.mark.needs("revocation", "refresh", "second_client")
@pytest.mark.kills("revocation-not-bound-to-client")
def test_other_client_cannot_revoke_refresh_token(oauth):
    """RFC 7009 §2.1: "The authorization server first validates the client credentials (in case
    of a confidential client) and then verifies whether the token was issued to the client
    making the revocation request. If this validation fails, the request is refused and the
    client is informed of the error". A's refresh token must keep working."""
    oauth.require_token_control("second")  # the happy path works for B as well
    refresh_token = oauth.tokens().require_refresh_token()
    refused_to_other_client(oauth, refresh_token, "refresh_token")
    verify(
        oauth.refresh(refresh_token),
        status_is(200, "RFC7009-2.1", "Another client's revocation request ended A's grant"),
    )


@pytest.mark.requirement("RFC7009-2.1")
@pytest.mark.catalogue(111)
@pytest.mark.needs("revocation", "second_client")
@pytest.mark.kills("revocation-not-bound-to-client")
def test_other_client_cannot_revoke_access_token(oauth):
    """RFC 7009 §2.1 (as above), for an access token: A's access token must keep working at the
    protected resource after B's request."""
    oauth.require_token_control("second")  # the happy path works for B as well
    access_token = oauth.tokens().access_token
    refused_to_other_client(oauth, access_token, "access_token")
    verify(
        oauth.call_api(access_token),
        status_in(
            range(200, 300),
            "RFC7009-2.1",
            "Another client's revocation request ended A's access token",
        ),
    )


@pytest.mark.requirement("RFC7009-2.1", "RFC6749-2.3")
@pytest.mark.catalogue(111)
@pytest.mark.needs("revocation")
@pytest.mark.kills("revocation-without-client-auth")
@pytest.mark.parametrize("sent", ["no-client", "client-id-only"])
def test_revocation_without_client_authentication_is_refused(oauth, sent):
    """RFC 7009 §2.1: "The client also includes its authentication credentials as described in
    Section 2.3. of [RFC6749]" and the AS "first validates the client credentials (in case of a
    confidential client)"; §2.2.1: errors as in RFC 6749 §5.2 (invalid_client). Sent with no
    client at all, or with the confidential client's client_id alone; the token must live on."""
    oauth.require_token_control()  # the happy path works: a refusal means something
    if oauth.client().secret is None:
        pytest.skip(f"target {oauth.target.name}'s primary client is not confidential")
    access_token = oauth.tokens().access_token
    if sent == "no-client":
        response = oauth.revoke(access_token, hint="access_token", authenticate=False)
    else:
        response = oauth.revoke(access_token, hint="access_token", auth="none")
    verify(response, *token_error("invalid_client", ref="RFC7009-2.1"))
    verify(
        oauth.call_api(access_token),
        status_in(
            range(200, 300),
            "RFC7009-2.1",
            "A revocation request without client authentication ended the access token",
        ),
    )
