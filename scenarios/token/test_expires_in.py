"""The token response says how long the access token lives (RFC 6749 §5.1)."""

import pytest

from harness.checks import expires_in_is_positive_integer, status_is, verify
from harness.spec import Level

pytestmark = [pytest.mark.browser]


@pytest.mark.requirement("RFC6749-5.1", level="SHOULD")
@pytest.mark.catalogue(96)
@pytest.mark.kills("expires-in-missing")
def test_token_response_states_expires_in(oauth):
    """RFC 6749 §5.1: "expires_in RECOMMENDED. The lifetime in seconds of the access token." A
    client without it cannot tell when to refresh."""
    response = oauth.exchange(oauth.authorize())
    verify(response, status_is(200, "RFC6749-5.1", "The code exchange did not succeed"))
    verify(response, expires_in_is_positive_integer(), level=Level.SHOULD)
