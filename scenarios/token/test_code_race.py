"""Parallel redemptions of one code: exactly one gets tokens (RFC 6749 §10.5, §4.1.2).

A server that checks "unused?" and only later marks the code used lets every request that
arrives in between through. The harness sends FAN_OUT exchanges of one code released together
behind a barrier, for ROUNDS codes, so a narrow window is still hit.
"""

from functools import partial

import pytest

from harness.checks import at_most_one_success, successes, verify
from harness.flows import StepError, send_together

pytestmark = [pytest.mark.browser]

FAN_OUT = 8
ROUNDS = 3


@pytest.mark.requirement("RFC6749-10.5", "RFC6749-4.1.2")
@pytest.mark.catalogue(55)
@pytest.mark.kills("code-race")
def test_parallel_redemptions_of_one_code_yield_one_token(oauth):
    """RFC 6749 §10.5: "Authorization codes MUST be short lived and single-use." §4.1.2: "If an
    authorization code is used more than once, the authorization server MUST deny the
    request". Of the exchanges sent at the same instant, exactly one may succeed."""
    oauth.require_token_control()  # the happy path works: a refusal means something
    for round_ in range(1, ROUNDS + 1):
        grant = oauth.authorize(oauth.request(), sign_in=oauth.sign_in)
        oauth.evidence.add_note(
            f"round {round_} of {ROUNDS}: {FAN_OUT} exchanges of one code, released together"
        )
        exchanges = send_together([partial(oauth.exchange, grant)] * FAN_OUT)
        verify(
            exchanges,
            at_most_one_success("RFC6749-10.5", "One code was redeemed more than once"),
        )
        if successes(exchanges) == 0:
            raise StepError(
                f"none of {FAN_OUT} parallel exchanges of a fresh code succeeded; single use "
                "cannot be judged (the plain exchange is judged by test_code_exchange.py)"
            )
