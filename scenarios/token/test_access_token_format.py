"""Access tokens are visible ASCII (RFC 6749 App. A.12) and cannot be guessed (§10.10).

A batch of access tokens comes from one authorization and then refreshes (a new authorization
each when the target does not refresh); the tokens never appear in a report, only counts, the
characters outside the allowed set and the estimate do.
"""

import pytest

from harness.checks import entropy_at_least, verify, vschar_only
from harness.flows import Tokens
from harness.spec import Level

pytestmark = [pytest.mark.browser]

BATCH = 10


def access_tokens(oauth, count=BATCH):
    """``count`` access tokens of the primary client (refreshing where the target can)."""
    first = Tokens.from_exchange(oauth.exchange(oauth.authorize(sign_in=oauth.sign_in)))
    values, refresh_token = [first.access_token], first.refresh_token
    while len(values) < count:
        if refresh_token and oauth.target.capabilities.refresh:
            tokens = Tokens.from_exchange(oauth.refresh(refresh_token))
            refresh_token = tokens.refresh_token or refresh_token  # rotated, or kept
        else:
            grant = oauth.authorize(oauth.request(), sign_in=oauth.sign_in)
            tokens = Tokens.from_exchange(oauth.exchange(grant))
        values.append(tokens.access_token)
    oauth.evidence.add_note(f"{len(values)} access tokens collected")
    return values


@pytest.mark.requirement("RFC6749-App.A.12")
@pytest.mark.catalogue(82)
@pytest.mark.kills("access-token-not-vschar")
def test_access_tokens_are_visible_ascii(oauth):
    """RFC 6749 Appendix A.12: "access-token = 1*VSCHAR", VSCHAR = %x20-7E. A token holding
    another character (a TAB, a line break, anything beyond ASCII) breaks clients that place it
    in an Authorization header."""
    verify(
        access_tokens(oauth),
        vschar_only(
            "access token", "RFC6749-App.A.12", "Access tokens hold characters outside VSCHAR"
        ),
    )


@pytest.mark.requirement("RFC6749-10.10")
@pytest.mark.catalogue(82)
@pytest.mark.kills("short-access-tokens")
def test_access_tokens_have_at_least_128_bits_of_entropy(oauth):
    """RFC 6749 §10.10: "The probability of an attacker guessing generated tokens (and other
    credentials not intended for handling by end-users) MUST be less than or equal to 2^(-128)
    and SHOULD be less than or equal to 2^(-160)." Estimated from the batch as for codes (the
    characters that vary across it times log2 of the smallest usual alphabet holding them)."""
    tokens = access_tokens(oauth)
    verify(
        tokens,
        entropy_at_least(128, "RFC6749-10.10", "Access tokens can be guessed", "access token"),
    )
    verify(
        tokens,
        entropy_at_least(
            160, "RFC6749-10.10", "Access tokens have less than 160 bits", "access token"
        ),
        level=Level.SHOULD,
    )
