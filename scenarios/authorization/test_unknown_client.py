"""A request from an unknown client is never redirected anywhere (RFC 6749 §4.1.2.1)."""

import pytest

from harness.checks import never_navigated_to, verify

pytestmark = [pytest.mark.browser]

UNKNOWN_CLIENT_ID = "unregistered.client.test"


@pytest.mark.requirement("RFC6749-4.1.2.1", "RFC9700-4.11.2")
@pytest.mark.catalogue(20)
@pytest.mark.kills("unknown-client-redirects")
def test_unknown_client_is_never_redirected(oauth):
    """RFC 6749 §4.1.2.1: "If the request fails due to a missing, invalid, or mismatching
    redirection URI, or if the client identifier is missing or invalid, the authorization server
    SHOULD inform the resource owner of the error and MUST NOT automatically redirect the
    user-agent to the invalid redirection URI." The redirect URI is one the AS knows (the
    primary client's), so only the client_id is wrong."""
    request = oauth.request().but(client_id=UNKNOWN_CLIENT_ID)
    grant = oauth.attempt(request)
    verify(
        grant.outcome.navigations,
        never_navigated_to(
            request.redirect_uri,
            "RFC6749-4.1.2.1",
            "A request with an unknown client_id was redirected to the client",
        ),
    )
