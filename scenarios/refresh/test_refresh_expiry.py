"""Refresh tokens expire after a time of inactivity (RFC 9700 §4.14.2).

The harness moves the mock's clock through growing idle periods, refreshing after each (a
refresh renews the token, so each step measures inactivity alone), and reports the last idle
period a token survived and the first it did not. No RFC names a number: a token still
accepted after MAX_IDLE_S (about six months, the longest inactivity large providers allow)
is a warning. Against a target whose clock cannot be moved this needs a scheduled job of
months, which the harness does not run (see the report of issue 8).
"""

import pytest

from harness.checks import refused, token_error, verify
from harness.flows import Tokens
from harness.spec import Level

pytestmark = [pytest.mark.browser]

DAY_S = 24 * 3600
IDLE_STEPS_S = (1 * DAY_S, 7 * DAY_S, 30 * DAY_S, 90 * DAY_S)
MAX_IDLE_S = 181 * DAY_S


@pytest.mark.requirement("RFC9700-4.14.2", level="SHOULD")
@pytest.mark.catalogue(95)
@pytest.mark.needs("refresh", "clock_control")
@pytest.mark.kills("refresh-never-expires")
def test_idle_refresh_token_expires(oauth, waiter):
    """RFC 9700 §4.14.2: "Refresh tokens SHOULD expire if the client has been inactive for some
    time, i.e., the refresh token has not been used to obtain new access tokens for some time.
    The expiration time is at the discretion of the authorization server." Refused after an
    idle period of at most MAX_IDLE_S passes; the observed bound is in the evidence."""
    oauth.require_token_control()  # the happy path works: a refusal means something
    token = oauth.tokens().require_refresh_token()
    survived = 0
    for idle in (*IDLE_STEPS_S, MAX_IDLE_S):
        waiter.wait(idle, f"the refresh token idle for {idle // DAY_S} days")
        response = oauth.refresh(token)
        if response.status != 200:
            oauth.evidence.add_note(
                f"observed: a refresh token idle for {survived // DAY_S} days still worked, "
                f"one idle for {idle // DAY_S} days was refused"
            )
            verify(response, *token_error("invalid_grant", ref="RFC6749-5.2"))
            return
        survived = idle
        token = Tokens.from_exchange(response).refresh_token or token  # rotated, or kept
    why = f"A refresh token idle for {MAX_IDLE_S // DAY_S} days was still accepted"
    verify(response, refused("RFC9700-4.14.2", why), level=Level.SHOULD)
