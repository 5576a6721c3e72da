"""Authorization codes expire shortly after they are issued (RFC 6749 §4.1.2, §10.5).

On the mock the harness moves its clock; on any other target it waits on the wall clock (a
slow scenario, bounded by --max-wait). Two codes are issued together: the first is tried after
FIRST_PROBE_S, the second, if the first still worked, after the recommended maximum plus skew,
so the evidence says how long a code lived.
"""

import pytest

from harness.checks import token_error, verify

pytestmark = [pytest.mark.browser]

FIRST_PROBE_S = 60
MAX_CODE_LIFETIME_S = 600  # RFC 6749 §4.1.2: "A maximum ... lifetime of 10 minutes is RECOMMENDED"
SKEW_S = 60


@pytest.mark.requirement("RFC6749-4.1.2", "RFC6749-10.5")
@pytest.mark.catalogue(56)
@pytest.mark.wall_clock
@pytest.mark.kills("code-never-expires")
def test_expired_code_is_rejected(oauth, waiter):
    """RFC 6749 §4.1.2: "The authorization code MUST expire shortly after it is issued to mitigate
    the risk of leaks. A maximum authorization code lifetime of 10 minutes is RECOMMENDED." A code
    still accepted after the recommended maximum (plus clock skew) has not expired "shortly"."""
    waiter.require(MAX_CODE_LIFETIME_S + SKEW_S, "a code's lifetime")
    oauth.require_token_control()  # the happy path works: a refusal means something
    early = oauth.authorize(oauth.request(), sign_in=oauth.sign_in)
    late = oauth.authorize(oauth.request(), sign_in=oauth.sign_in)
    waiter.wait(FIRST_PROBE_S, "the first probe of a code's lifetime")
    first = oauth.exchange(early)
    if first.status != 200:
        oauth.evidence.add_note(f"a code was refused {FIRST_PROBE_S} s after it was issued")
        verify(first, *token_error("invalid_grant", ref="RFC6749-4.1.2"))
        return
    oauth.evidence.add_note(f"a code still worked {FIRST_PROBE_S} s after it was issued")
    waiter.wait(MAX_CODE_LIFETIME_S + SKEW_S - FIRST_PROBE_S, "the rest of a code's lifetime")
    verify(oauth.exchange(late), *token_error("invalid_grant", ref="RFC6749-4.1.2"))
