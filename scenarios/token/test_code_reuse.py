"""Authorization codes are single-use."""

import pytest

from harness.checks import error_code_is, status_is, token_error, verify
from harness.flows import Tokens

pytestmark = [pytest.mark.browser]


@pytest.mark.requirement("RFC6749-4.1.2", "RFC6749-10.5")
@pytest.mark.catalogue(52)
@pytest.mark.kills("code-reusable")
def test_reused_code_is_rejected(oauth):
    """RFC 6749 §4.1.2: "The client MUST NOT use the authorization code more than once. If an
    authorization code is used more than once, the authorization server MUST deny the request"."""
    grant = oauth.authorize()
    Tokens.from_exchange(oauth.exchange(grant))
    replay = oauth.exchange(grant)
    verify(
        replay,
        status_is(400, "RFC6749-5.2", "A used authorization code was accepted again"),
        error_code_is("invalid_grant"),
    )


REPLAY_AFTER_S = 30


@pytest.mark.requirement("RFC6749-4.1.2", "RFC6749-10.5")
@pytest.mark.catalogue(53)
@pytest.mark.wall_clock
@pytest.mark.kills("code-used-marker-expires")
def test_code_replayed_after_30_seconds_is_rejected(oauth, waiter):
    """RFC 6749 §4.1.2: "If an authorization code is used more than once, the authorization
    server MUST deny the request". Still so 30 s later: a server that remembers a used code
    only for a while (a cache entry) lets a late replay through."""
    waiter.require(REPLAY_AFTER_S, "a code replay after 30 s")
    grant = oauth.authorize()
    Tokens.from_exchange(oauth.exchange(grant))
    waiter.wait(REPLAY_AFTER_S, "between the exchange and its replay")
    verify(oauth.exchange(grant), *token_error("invalid_grant", ref="RFC6749-4.1.2"))
