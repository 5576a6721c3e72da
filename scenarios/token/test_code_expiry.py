"""Authorization codes expire shortly after they are issued (RFC 6749 §4.1.2, §10.5).

On the mock the harness moves its clock; on any other target it waits on the wall clock (a
slow scenario, bounded by --max-wait). Three codes are issued together and tried one after the
other: after FIRST_PROBE_S; after the RECOMMENDED maximum plus skew (still accepted: a SHOULD
warning); and, where the clock can be moved or --max-wait allows, after a day (still accepted:
the code has not expired "shortly" by any reading, a MUST failure). The evidence says how long
a code lived.
"""

import pytest

from harness.checks import error_code_is, status_is, token_error, verify
from harness.spec import Level

pytestmark = [pytest.mark.browser]

FIRST_PROBE_S = 60
RECOMMENDED_MAX_S = 600  # RFC 6749 §4.1.2: "A maximum ... lifetime of 10 minutes is RECOMMENDED"
SKEW_S = 60
NOT_SHORTLY_S = 86_400  # a code alive a day after it was issued did not "expire shortly"


def _refused(exchange, after_s, level=Level.MUST):
    verify(
        exchange,
        status_is(
            400, "RFC6749-4.1.2", f"A code was still accepted {after_s:g} s after it was issued"
        ),
        error_code_is("invalid_grant", ref="RFC6749-4.1.2"),
        level=level,
    )


@pytest.mark.requirement("RFC6749-4.1.2", "RFC6749-10.5")
@pytest.mark.catalogue(56)
@pytest.mark.wall_clock
@pytest.mark.kills("code-never-expires")
def test_expired_code_is_rejected(oauth, waiter):
    """RFC 6749 §4.1.2: "The authorization code MUST expire shortly after it is issued to mitigate
    the risk of leaks. A maximum authorization code lifetime of 10 minutes is RECOMMENDED." A code
    accepted after the recommended maximum (plus clock skew) is a warning; one accepted a day
    after it was issued has not expired shortly, a failure."""
    recommended = RECOMMENDED_MAX_S + SKEW_S
    waiter.require(recommended, "a code's lifetime")
    oauth.require_token_control()  # the happy path works: a refusal means something
    codes = [oauth.authorize(oauth.request(), sign_in=oauth.sign_in) for _ in range(3)]
    waiter.wait(FIRST_PROBE_S, "the first probe of a code's lifetime")
    first = oauth.exchange(codes[0])
    if first.status != 200:
        oauth.evidence.add_note(f"a code was refused {FIRST_PROBE_S} s after it was issued")
        verify(first, *token_error("invalid_grant", ref="RFC6749-4.1.2"))
        return
    oauth.evidence.add_note(f"a code still worked {FIRST_PROBE_S} s after it was issued")
    waiter.wait(recommended - FIRST_PROBE_S, "the rest of a code's recommended lifetime")
    second = oauth.exchange(codes[1])
    if second.status != 200:
        verify(second, *token_error("invalid_grant", ref="RFC6749-4.1.2"))
        return
    oauth.evidence.add_note(f"a code still worked {recommended} s after it was issued")
    _refused(second, recommended, level=Level.SHOULD)
    if not waiter.controlled and waiter.max_wait_s < NOT_SHORTLY_S:
        oauth.evidence.add_note(
            f"not probed after {NOT_SHORTLY_S} s: "
            f"over the run's --max-wait of {waiter.max_wait_s:g} s"
        )
        return
    waiter.wait(NOT_SHORTLY_S - recommended, "a day after the code was issued")
    _refused(oauth.exchange(codes[2]), NOT_SHORTLY_S)
