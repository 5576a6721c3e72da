"""An access token stops working once it has expired (RFC 6750 §3.1)."""

import pytest

from harness.checks import bearer_challenge_present, bearer_error_is, status_is, verify
from harness.flows import Tokens

pytestmark = [pytest.mark.browser]

SKEW_S = 60


@pytest.mark.requirement("RFC6750-3.1")
@pytest.mark.catalogue(98)
@pytest.mark.needs("clock_control")
@pytest.mark.kills("expired-token-accepted")
def test_expired_access_token_is_rejected(oauth, mock_clock):
    """RFC 6750 §3.1: invalid_token — "The access token provided is expired, revoked, malformed, or
    invalid for other reasons. The resource SHOULD respond with the HTTP 401 (Unauthorized) status
    code." The token must still work just before it expires."""
    grant = oauth.authorize()
    tokens = Tokens.from_exchange(oauth.exchange(grant))
    lifetime = tokens.expires_in or 3600
    mock_clock.advance(lifetime - SKEW_S)
    verify(
        oauth.call_api(tokens.access_token),
        status_is(200, "RFC6750-3.1", "The token failed before it expired"),
    )
    mock_clock.advance(2 * SKEW_S)
    verify(
        oauth.call_api(tokens.access_token),
        status_is(401, "RFC6750-3.1", "An expired access token was accepted"),
        bearer_challenge_present(),
        bearer_error_is("invalid_token"),
    )
