"""Authorization codes expire shortly after they are issued (RFC 6749 §4.1.2, §10.5)."""

import pytest

from harness.checks import token_error, verify

pytestmark = [pytest.mark.browser]

MAX_CODE_LIFETIME_S = 600  # RFC 6749 §4.1.2: "A maximum ... lifetime of 10 minutes is RECOMMENDED"
SKEW_S = 60


@pytest.mark.requirement("RFC6749-4.1.2", "RFC6749-10.5")
@pytest.mark.catalogue(56)
@pytest.mark.needs("clock_control")
@pytest.mark.kills("code-never-expires")
def test_expired_code_is_rejected(oauth, mock_clock):
    """RFC 6749 §4.1.2: "The authorization code MUST expire shortly after it is issued to mitigate
    the risk of leaks. A maximum authorization code lifetime of 10 minutes is RECOMMENDED." A code
    still accepted after the recommended maximum (plus clock skew) has not expired "shortly"."""
    oauth.require_token_control()  # the happy path works: a refusal means something
    grant = oauth.authorize()
    mock_clock.advance(MAX_CODE_LIFETIME_S + SKEW_S)
    oauth.evidence.add_note(f"the clock was advanced {MAX_CODE_LIFETIME_S + SKEW_S} s")
    verify(oauth.exchange(grant), *token_error("invalid_grant", ref="RFC6749-4.1.2"))
