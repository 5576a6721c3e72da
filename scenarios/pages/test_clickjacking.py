"""The authorization server's pages cannot be framed by another origin (RFC 9700 §4.16)."""

import pytest

from harness.checks import pages_forbid_framing, verify

pytestmark = [pytest.mark.browser, pytest.mark.signs_in]  # judges the login page itself

UNREGISTERED = "https://attacker.example/callback"


@pytest.mark.requirement("RFC9700-4.16", "RFC6749-10.13")
@pytest.mark.catalogue(113)
@pytest.mark.kills("frameable-pages")
def test_login_and_consent_pages_forbid_framing(oauth):
    """RFC 9700 §4.16: "Authorization servers MUST prevent clickjacking attacks." … "In addition
    to those, authorization servers SHOULD also use Content Security Policy (CSP) level 2
    [W3C.CSP-2] or greater." Either CSP frame-ancestors or X-Frame-Options prevents framing;
    judged on every page the browser rendered on the way to the code (login and consent), not
    on the bare endpoint URL."""
    grant = oauth.authorize()
    grant.require_code()  # the whole flow ran, so every page on the way was rendered
    if not grant.outcome.rendered_pages:
        pytest.skip("the server rendered no page on the way to the code: nothing to frame")
    verify(grant.outcome.rendered_pages, pages_forbid_framing())


@pytest.mark.requirement("RFC9700-4.16", "RFC6749-10.13")
@pytest.mark.catalogue(113)
@pytest.mark.kills("frameable-pages")
def test_error_page_forbids_framing(oauth):
    """RFC 9700 §4.16: "Authorization servers MUST prevent clickjacking attacks"; the error page
    shown for an unregistered redirect URI is one of the pages to protect."""
    grant = oauth.attempt(oauth.request(redirect_uri=UNREGISTERED), watch=[UNREGISTERED])
    verify(grant.require_error_page(), pages_forbid_framing())
