"""Another origin cannot show the authorization page in a frame (RFC 9700 §4.16; catalogue
#114): the live counterpart of the header check, judged by what the browser drew."""

import pytest

from harness.checks import not_rendered_in_frame, verify

pytestmark = [pytest.mark.browser]


@pytest.mark.requirement("RFC9700-4.16", "RFC6749-10.13")
@pytest.mark.catalogue(114)
@pytest.mark.kills("frameable-pages")
def test_authorization_page_is_not_rendered_in_a_foreign_frame(oauth):
    """RFC 9700 §4.16: "Authorization servers MUST prevent clickjacking attacks." An attacker's
    page on another origin embeds the authorization URL in an iframe; the browser must refuse
    to draw the server's page there (X-Frame-Options or CSP frame-ancestors), so the user can
    never be tricked into clicking through its login or consent."""
    framed = oauth.frame_authorization()
    verify(
        framed,
        not_rendered_in_frame(
            "RFC9700-4.16", "The authorization page rendered inside another origin's frame"
        ),
    )
