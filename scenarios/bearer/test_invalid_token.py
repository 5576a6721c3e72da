"""A token the server never issued is refused with an invalid_token challenge (RFC 6750 §3)."""

import secrets

import pytest

from harness.checks import (
    bearer_challenge_present,
    bearer_error_is,
    refused,
    status_is,
    verify,
)
from harness.spec import Level

pytestmark = [pytest.mark.browser]  # the control authorizes in the browser


@pytest.mark.requirement("RFC6750-3", "RFC6750-3.1")
@pytest.mark.catalogue(102)
@pytest.mark.needs("www_authenticate")
@pytest.mark.kills("no-www-authenticate")
def test_unknown_token_gets_invalid_token_challenge(oauth):
    """RFC 6750 §3: "If the protected resource request … does not contain an access token that
    enables access to the protected resource, the resource server MUST include the HTTP
    "WWW-Authenticate" response header field"; "If the protected resource request included an
    access token and failed authentication, the resource server SHOULD include the "error"
    attribute"; §3.1: invalid_token — "The resource SHOULD respond with the HTTP 401"."""
    oauth.require_token_control()  # the happy path works: a refusal means something
    # A well-formed b64token (RFC 6750 §2.1), so invalid_token rather than invalid_request.
    response = oauth.call_api(secrets.token_urlsafe(32))
    verify(
        response,
        refused("RFC6750-3", "A token the server never issued was accepted"),
        bearer_challenge_present(),
    )
    verify(
        response,
        status_is(401, "RFC6750-3.1", "An unknown token was not refused with 401"),
        bearer_error_is("invalid_token"),
        level=Level.SHOULD,
    )
