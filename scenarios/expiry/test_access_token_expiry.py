"""An access token stops working once it has expired (RFC 6750 §3.1).

On the mock the harness moves its clock; on any other target it waits on the wall clock (a
slow scenario, bounded by --max-wait: an hour's token needs --max-wait 3700).
"""

import pytest

from harness.checks import bearer_challenge_present, bearer_error_is, status_is, verify
from harness.flows import Tokens

pytestmark = [pytest.mark.browser]

SKEW_S = 60
ASSUMED_LIFETIME_S = 3600  # when the token response states none (RFC 6750 §5.3: ≤ 1 h)


@pytest.mark.requirement("RFC6750-3.1")
@pytest.mark.catalogue(98)
@pytest.mark.wall_clock
@pytest.mark.kills("expired-token-accepted")
def test_expired_access_token_is_rejected(oauth, waiter):
    """RFC 6750 §3.1: invalid_token — "The access token provided is expired, revoked, malformed, or
    invalid for other reasons. The resource SHOULD respond with the HTTP 401 (Unauthorized) status
    code." The token must still work just before it expires."""
    grant = oauth.authorize()
    tokens = Tokens.from_exchange(oauth.exchange(grant))
    lifetime = tokens.expires_in or ASSUMED_LIFETIME_S
    stated = "stated" if tokens.expires_in else "assumed (no expires_in)"
    oauth.evidence.add_note(f"the access token's lifetime: {lifetime} s, {stated}")
    waiter.require(lifetime + SKEW_S, "the access token's lifetime")
    waiter.wait(max(0, lifetime - SKEW_S), "to just before the token expires")
    verify(
        oauth.call_api(tokens.access_token),
        status_is(200, "RFC6750-3.1", "The token failed before it expired"),
    )
    waiter.wait(2 * SKEW_S, "to just after the token expires")
    verify(
        oauth.call_api(tokens.access_token),
        status_is(401, "RFC6750-3.1", "An expired access token was accepted"),
        bearer_challenge_present(),
        bearer_error_is("invalid_token"),
    )
