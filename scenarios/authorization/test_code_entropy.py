"""Authorization codes cannot be guessed and never repeat (RFC 6749 §10.10, §10.5).

A batch of codes is collected from plain authorizations in one signed-in browser, once per
worker and target configuration: both scenarios only read it (the codes are never redeemed).
The codes themselves never appear in a report (only counts and the estimate do).
"""

import pytest

from harness.checks import all_distinct, entropy_at_least, verify
from harness.spec import Level

pytestmark = [pytest.mark.browser, pytest.mark.heavy]  # a batch of authorizations each

BATCH = 10


def _codes(oauth, count=BATCH):
    """``count`` codes, one per plain authorization (signing in once), shared by this module's
    scenarios."""

    def collect():
        codes = []
        for _ in range(count):
            grant = oauth.authorize(oauth.request(), sign_in=oauth.sign_in)
            codes.append(grant.require_code())
        oauth.evidence.add_note(f"{len(codes)} codes collected")
        return codes

    return list(oauth.shared_sample("authorization codes", "code", collect))


@pytest.mark.requirement("RFC6749-10.10")
@pytest.mark.catalogue(47)
@pytest.mark.kills("short-codes")
def test_codes_have_at_least_128_bits_of_entropy(oauth):
    """RFC 6749 §10.10: "The probability of an attacker guessing generated tokens (and other
    credentials not intended for handling by end-users) MUST be less than or equal to 2^(-128)
    and SHOULD be less than or equal to 2^(-160)."

    Estimated from a batch: the characters that vary across the codes times log2 of the
    smallest usual alphabet holding them (structure the codes share counts for nothing).
    Below 128 bits fails (MUST); below 160 is a warning (SHOULD). The estimate errs high for
    codes built from a clock or a counter, never low for random ones."""
    codes = _codes(oauth)
    verify(
        codes,
        entropy_at_least(128, "RFC6749-10.10", "Authorization codes can be guessed"),
    )
    verify(
        codes,
        entropy_at_least(160, "RFC6749-10.10", "Authorization codes have less than 160 bits"),
        level=Level.SHOULD,
    )


@pytest.mark.requirement("RFC6749-10.5", "RFC6749-10.10")
@pytest.mark.catalogue(48)
@pytest.mark.kills("codes-repeat")
def test_codes_never_repeat(oauth):
    """RFC 6749 §10.5: "Authorization codes MUST be short lived and single-use"; a code that
    comes back for another authorization is neither single-use nor unguessable (§10.10). No
    two codes of the batch are equal."""
    verify(
        _codes(oauth),
        all_distinct("code", "RFC6749-10.5", "Two authorizations got the same code"),
    )
