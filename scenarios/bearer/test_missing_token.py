"""A request without credentials is challenged (RFC 6750 §3)."""

import pytest

from harness.checks import bearer_challenge_present, bearer_error_is, status_is, verify
from harness.spec import Level

pytestmark = [pytest.mark.browser]  # the control authorizes in the browser


@pytest.mark.requirement("RFC6750-3")
@pytest.mark.catalogue(101)
@pytest.mark.needs("www_authenticate")
@pytest.mark.kills("no-www-authenticate", "www-authenticate-error-without-token")
def test_request_without_token_gets_bearer_challenge(oauth):
    """RFC 6750 §3: "If the protected resource request does not include authentication credentials
    … the resource server MUST include the HTTP "WWW-Authenticate" response header field"; and "the
    resource server SHOULD NOT include an error code or other error information" when the request
    lacks any authentication information."""
    oauth.require_token_control()  # the happy path works: a refusal means something
    response = oauth.call_api(None)
    verify(
        response,
        status_is(401, "RFC6750-3", "A request without a token was not refused with 401"),
        bearer_challenge_present(),
    )
    verify(response, bearer_error_is(None, ref="RFC6750-3"), level=Level.SHOULD)
