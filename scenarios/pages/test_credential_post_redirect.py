"""The login form's POST is never answered with 307 (RFC 9700 §4.12)."""

import pytest

from harness.checks import no_post_redirected_with, verify
from harness.spec import Level

pytestmark = [pytest.mark.browser, pytest.mark.signs_in]  # judges the login page itself


@pytest.mark.requirement("RFC9700-4.12")
@pytest.mark.catalogue(45)
@pytest.mark.kills("login-307")
def test_credential_post_is_not_redirected_with_307(oauth):
    """RFC 9700 §4.12: "an AS which redirects a request that potentially contains user
    credentials MUST NOT use the HTTP 307 status code for redirection. If an HTTP redirection
    (and not, for example, JavaScript) is used for such a request, AS SHOULD use HTTP status
    code 303 (See Other)." With 307 the browser re-sends the form body, password included, to
    the next URL. 308 does the same: it is reported against the SHOULD (302 is tolerated, as
    browsers turn it into a GET)."""
    grant = oauth.authorize()
    grant.require_code()  # the whole flow ran: the credentials were posted and answered
    navigations = grant.outcome.navigations
    if not any(nav.method == "POST" and nav.is_main_frame for nav in navigations):
        pytest.skip("no form was posted on the way to the code: nothing to redirect")
    verify(
        navigations,
        no_post_redirected_with(
            {307}, "RFC9700-4.12", "A form POST was redirected with 307, re-sending its body"
        ),
    )
    verify(
        navigations,
        no_post_redirected_with(
            {308}, "RFC9700-4.12", "A form POST was redirected with 308, re-sending its body"
        ),
        level=Level.SHOULD,
    )
