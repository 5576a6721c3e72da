"""A redirect URI that only starts like a registered one is refused (RFC 9700 §4.1.3)."""

import pytest

from harness.checks import never_navigated_to, verify

pytestmark = [pytest.mark.browser]

# Appended to the registered redirect URI exactly as the target file gives it (catalogue #8, #9).
SUFFIXES = {
    "path-segment": "/Wrong",
    "path-extension": "X",
    "trailing-slash": "/",
    "extra-query": "?extra=1",
}


@pytest.mark.requirement("RFC9700-4.1.3", "RFC9700-2.1", "RFC6749-3.1.2.3", "RFC6749-4.1.2.1")
@pytest.mark.catalogue(8, 9)
@pytest.mark.kills("redirect-uri-prefix", "redirect-uri-any")
@pytest.mark.parametrize("suffix", list(SUFFIXES.values()), ids=list(SUFFIXES))
def test_redirect_uri_must_match_exactly(oauth, suffix):
    """RFC 9700 §4.1.3: "the authorization server MUST ensure that the redirect URI in the
    authorization request exactly matches one of the redirect URIs registered for the client";
    RFC 6749 §4.1.2.1: on a mismatching redirection URI the authorization server "MUST NOT
    automatically redirect the user-agent to the invalid redirection URI"."""
    altered = oauth.client().redirect_uri + suffix
    grant = oauth.authorize(oauth.request(redirect_uri=altered), watch=[altered])
    verify(
        grant.outcome.navigations,
        never_navigated_to(
            altered,
            "RFC9700-4.1.3",
            "The browser was sent to a redirect URI that is not registered",
        ),
    )
