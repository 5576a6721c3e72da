"""The token response says how long the access token lives (RFC 6749 §5.1)."""

import pytest

from harness.checks import (
    expires_in_at_most,
    expires_in_is_positive_integer,
    status_is,
    verify,
)
from harness.flows import Tokens
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


MAX_ACCESS_TOKEN_LIFETIME_S = 3600  # RFC 6750 §5.3: "short-lived (one hour or less)"


@pytest.mark.requirement("RFC6750-5.3", "RFC6819-5.1.5.3", level="SHOULD")
@pytest.mark.catalogue(97)
@pytest.mark.kills("long-lived-access-tokens")
def test_access_token_lives_at_most_an_hour(oauth):
    """RFC 6750 §5.3: "Issue short-lived bearer tokens: Token servers SHOULD issue short-lived
    (one hour or less) bearer tokens, particularly when issuing tokens to clients that run within
    a web browser or other environments where information leakage may occur." Judged from
    expires_in; a response without it is test_token_response_states_expires_in's finding, and
    the lifetime itself is measured by scenarios/expiry/test_access_token_expiry.py."""
    response = oauth.exchange(oauth.authorize())
    verify(response, status_is(200, "RFC6749-5.1", "The code exchange did not succeed"))
    if Tokens.from_exchange(response).expires_in is None:
        pytest.skip("the token response states no expires_in, so no lifetime to judge here")
    verify(
        response,
        expires_in_at_most(
            MAX_ACCESS_TOKEN_LIFETIME_S,
            "RFC6750-5.3",
            "The access token lives longer than an hour",
        ),
        level=Level.SHOULD,
    )
