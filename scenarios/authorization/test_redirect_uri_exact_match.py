"""A redirect URI that only starts like a registered one is refused (RFC 9700 §4.1.3)."""

from urllib.parse import urlsplit, urlunsplit

import pytest

from harness.checks import never_navigated_to, verify

pytestmark = [pytest.mark.browser]


def _suffixed_path(suffix):
    def alter(uri):
        parts = urlsplit(uri)
        return urlunsplit(parts._replace(path=parts.path + suffix))

    return alter


def _extra_query(uri):
    parts = urlsplit(uri)
    return urlunsplit(parts._replace(query="&".join(q for q in (parts.query, "extra=1") if q)))


# Each changes the redirect URI the flow really sends (with its port), so a server's own
# port handling sees the hostile input too (catalogue #8, #9).
ALTERATIONS = {
    "path-segment": _suffixed_path("/Wrong"),
    "path-extension": _suffixed_path("X"),
    "trailing-slash": _suffixed_path("/"),
    "extra-query": _extra_query,
}


@pytest.mark.requirement("RFC9700-4.1.3", "RFC9700-2.1", "RFC6749-3.1.2.3", "RFC6749-4.1.2.1")
@pytest.mark.catalogue(8, 9)
@pytest.mark.kills("redirect-uri-prefix", "redirect-uri-any")
@pytest.mark.parametrize("alter", list(ALTERATIONS.values()), ids=list(ALTERATIONS))
def test_redirect_uri_must_match_exactly(oauth, alter):
    """RFC 9700 §4.1.3: "the authorization server MUST ensure that the redirect URI in the
    authorization request exactly matches one of the redirect URIs registered for the client";
    RFC 6749 §4.1.2.1: on a mismatching redirection URI the authorization server "MUST NOT
    automatically redirect the user-agent to the invalid redirection URI"."""
    request = oauth.request()
    altered = alter(request.redirect_uri)
    grant = oauth.attempt(request.but(redirect_uri=altered), watch=[altered])
    verify(
        grant.outcome.navigations,
        never_navigated_to(
            altered,
            "RFC9700-4.1.3",
            "The browser was sent to a redirect URI that is not registered",
        ),
    )
