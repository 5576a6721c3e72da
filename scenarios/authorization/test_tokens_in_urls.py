"""The code flow puts no token in any URL the browser sees (RFC 9700 §2.1.2, §4.3.2)."""

import pytest

from harness.checks import no_tokens_in_urls, verify
from harness.spec import Level

pytestmark = [pytest.mark.browser]


@pytest.mark.requirement("RFC9700-2.1.2", "RFC9700-4.3.2", "RFC6750-5.3", level="SHOULD")
@pytest.mark.catalogue(118)
@pytest.mark.kills("token-in-callback")
def test_code_flow_puts_no_token_in_urls(oauth):
    """RFC 9700 §2.1.2: clients "SHOULD NOT use the implicit grant (response type "token") or
    other response types issuing access tokens in the authorization response"; RFC 6750 §5.3:
    "Bearer tokens SHOULD NOT be passed in page URLs". With response_type=code no
    access_token, refresh_token or id_token may appear in any URL of the authorization, query
    or fragment: every navigation, and the Location of every redirect (the browser never
    requests a fragment). The RFCs say SHOULD, so a token in a URL is a warning."""
    grant = oauth.authorize()
    grant.require_code()
    outcome = grant.outcome
    urls = [nav.url for nav in outcome.navigations] + outcome.locations
    verify(
        urls,
        no_tokens_in_urls("RFC9700-2.1.2", "The code flow put a token in a URL"),
        level=Level.SHOULD,
    )
