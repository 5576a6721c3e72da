"""The implicit grant (response_type=token) is refused, or judged where offered
(RFC 9700 §2.1.2; RFC 6749 §4.2.2; catalogue #29)."""

import pytest

from harness.checks import no_tokens_in_urls, params_not_in_fragment, verify
from harness.spec import Level

pytestmark = [pytest.mark.browser]


@pytest.mark.requirement("RFC9700-2.1.2", "RFC6749-4.2.2")
@pytest.mark.catalogue(29)
@pytest.mark.kills("implicit-grant-enabled")
def test_implicit_response_type_is_refused_or_issues_no_refresh_token(oauth):
    """RFC 9700 §2.1.2: "clients SHOULD NOT use the implicit grant (response type "token") or
    other response types issuing access tokens in the authorization response"; RFC 6749
    §4.2.2: "The authorization server MUST NOT issue a refresh token." A refusal (an error
    page, or an error redirect such as unsupported_response_type) passes. A server that issues
    tokens in the fragment fails if a refresh token is among them (MUST NOT), and otherwise
    warns that it offers a response type its clients should not use."""
    grant = oauth.attempt(oauth.request().but(response_type="token"))
    outcome = grant.outcome
    urls = [nav.url for nav in outcome.navigations] + outcome.locations
    verify(
        urls,
        params_not_in_fragment(
            ("refresh_token",),
            "RFC6749-4.2.2",
            "The implicit grant issued a refresh token in the redirect URI",
            expected="no refresh token (RFC 6749 §4.2.2)",
        ),
    )
    verify(
        urls,
        no_tokens_in_urls(
            "RFC9700-2.1.2", "The server honours response_type=token (the implicit grant)"
        ),
        level=Level.SHOULD,
    )
