"""An unregistered redirect URI is never followed (RFC 6749 §4.1.2.1; RFC 9700 §4.11.2)."""

import pytest

from harness.checks import never_navigated_to, verify

pytestmark = [pytest.mark.browser]

ATTACKER = "https://attacker.example/callback"


@pytest.mark.requirement("RFC6749-4.1.2.1", "RFC6749-3.1.2.4", "RFC9700-4.11.2")
@pytest.mark.catalogue(7)
@pytest.mark.kills("redirect-uri-any")
def test_unregistered_redirect_uri_is_never_followed(oauth):
    """RFC 6749 §4.1.2.1: "If the request fails due to a missing, invalid, or mismatching
    redirection URI … the authorization server … MUST NOT automatically redirect the user-agent to
    the invalid redirection URI."""
    grant = oauth.attempt(oauth.request(redirect_uri=ATTACKER), watch=[ATTACKER])
    verify(
        grant.outcome.navigations,
        never_navigated_to(
            ATTACKER, "RFC6749-4.1.2.1", "The browser was sent to an unregistered redirect URI"
        ),
    )
