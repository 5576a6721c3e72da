"""The protected resource accepts the Authorization request header (RFC 6750 §2.1)."""

import pytest

from harness.checks import status_is, verify

pytestmark = [pytest.mark.browser]


@pytest.mark.requirement("RFC6750-2.1")
@pytest.mark.catalogue(99)
@pytest.mark.kills("bearer-header-ignored")
def test_bearer_token_in_header_is_accepted(oauth):
    """RFC 6750 §2.1: "Resource servers MUST support this method" (the Authorization request
    header field with the "Bearer" scheme)."""
    tokens = oauth.tokens()
    verify(
        oauth.call_api(tokens.access_token),
        status_is(
            200, "RFC6750-2.1", "A valid bearer token in the Authorization header was refused"
        ),
    )
