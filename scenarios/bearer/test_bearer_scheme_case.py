"""The Bearer auth-scheme name is case-insensitive (RFC 9110 §11.1; RFC 6750 §2.1)."""

import pytest

from harness.checks import status_is, verify

pytestmark = [pytest.mark.browser]

# Every spelling but the canonical "Bearer", which test_bearer_token_in_header_is_accepted sends.
SCHEMES = ("bearer", "BEARER", "bEaReR")


@pytest.mark.requirement("RFC9110-11.1", "RFC6750-2.1")
@pytest.mark.catalogue(100)
@pytest.mark.kills("bearer-scheme-case-sensitive")
def test_bearer_scheme_is_case_insensitive(oauth):
    """RFC 9110 §11.1: "It uses a case-insensitive token to identify the authentication scheme";
    RFC 6750 §2.1: "Resource servers MUST support this method". One token serves every spelling."""
    tokens = oauth.tokens()
    for scheme in SCHEMES:
        verify(
            oauth.call_api(tokens.access_token, scheme=scheme),
            status_is(200, "RFC9110-11.1", f"A valid token sent as '{scheme} …' was refused"),
        )
