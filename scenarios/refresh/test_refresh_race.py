"""Parallel refreshes with one refresh token: at most one succeeds (RFC 9700 §4.14.2).

With rotation, a refresh token is spent by its first use; a server that checks "unspent?" and
only later marks it spent lets every request arriving in between rotate the same token into
several live families. FAN_OUT refreshes are released together behind a barrier, ROUNDS
times; each round races the refresh token the previous round's one success returned, so a
narrow window gets many tries for one authorization (a new one only when a round refused
all). Passing: at most one success per round (all failing, as a server that treats the
concurrent ones as a replay and revokes the family does, passes too). The public client is
used, as by the rotation scenarios: rotation is its MUST (RFC 9700 §2.2.2).
"""

from functools import partial

import pytest

from harness.checks import at_most_one_success, verify
from harness.flows import Tokens, send_together

pytestmark = [pytest.mark.browser]

FAN_OUT = 8
ROUNDS = 8


@pytest.mark.requirement("RFC9700-4.14.2")
@pytest.mark.catalogue(88)
@pytest.mark.needs("refresh", "refresh_rotation", "public_client")
@pytest.mark.kills("refresh-race")
def test_parallel_refreshes_with_one_token_succeed_at_most_once(oauth):
    """RFC 9700 §4.14.2: "the authorization server issues a new refresh token with every access
    token refresh response. The previous refresh token is invalidated but information about
    the relationship is retained by the authorization server." A token invalidated by its
    first use cannot be used again by a request that arrived at the same instant."""
    oauth.require_token_control("public")  # the happy path works: a refusal means something
    refresh_token = None
    for round_ in range(1, ROUNDS + 1):
        if refresh_token is None:
            refresh_token = oauth.tokens("public").refresh_token
        if refresh_token is None:
            pytest.skip(f"target {oauth.target.name} issues no refresh token to the public client")
        oauth.evidence.add_note(
            f"round {round_} of {ROUNDS}: {FAN_OUT} refreshes with one token, released together"
        )
        send = partial(oauth.refresh, refresh_token, client="public")
        exchanges = send_together([send] * FAN_OUT)
        verify(
            exchanges,
            at_most_one_success(
                "RFC9700-4.14.2", "One refresh token was used more than once at the same time"
            ),
        )
        won = [exchange for exchange in exchanges if 200 <= (exchange.status or 0) < 300]
        if not won:
            oauth.evidence.add_note("no refresh succeeded: the server refused them all")
        refresh_token = Tokens.from_exchange(won[0]).refresh_token if won else None
