"""The protected resource accepts the Authorization request header (RFC 6750 §2.1)."""

import pytest

from harness.checks import status_in, verify

pytestmark = [pytest.mark.browser]


@pytest.mark.requirement("RFC6750-2.1")
@pytest.mark.catalogue(99)
@pytest.mark.kills("bearer-header-ignored")
@pytest.mark.parametrize("probe", ["probe", "identity"])
def test_bearer_token_in_header_is_accepted(oauth, probe):
    """RFC 6750 §2.1: "Resource servers MUST support this method" (the Authorization request
    header field with the "Bearer" scheme). Checked on each API call the target file names:
    ``[api.probe]`` and, where there is one, ``[api.identity]`` (who the token belongs to), each
    sent with its own method and headers."""
    api = oauth.api_probe(probe)
    tokens = oauth.tokens()
    verify(
        oauth.call_api(tokens.access_token, probe=api),
        status_in(
            range(200, 300),
            "RFC6750-2.1",
            "A valid bearer token in the Authorization header was refused",
        ),
    )
