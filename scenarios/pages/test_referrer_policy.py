"""The login and consent pages keep their URL out of Referer headers (RFC 9700 §4.2.4)."""

import pytest

from harness.checks import pages_have_strict_referrer_policy, verify
from harness.spec import Level

pytestmark = [pytest.mark.browser, pytest.mark.signs_in]  # judges the login page itself


@pytest.mark.requirement("RFC9700-4.2.4", level="MAY")
@pytest.mark.catalogue(119)
@pytest.mark.kills("no-referrer-policy")
def test_login_and_consent_pages_set_strict_referrer_policy(oauth):
    """RFC 9700 §4.2.4: "Suppress the Referer header by applying an appropriate Referrer Policy
    [W3C.webappsec-referrer-policy] to the document (either as part of the "referrer" meta
    attribute or by setting a Referrer-Policy header)." The pages' URLs carry the authorization
    request (state, code_challenge). The RFC lists this among countermeasures (the catalogue
    rates it MAY): a missing policy is a recorded finding, never a failure. Only the header is
    judged: a policy set by a <meta> element is not seen and is reported as missing."""
    grant = oauth.authorize()
    grant.require_code()  # the whole flow ran, so the login and consent pages were rendered
    if not grant.outcome.rendered_pages:
        pytest.skip("the server rendered no page on the way to the code: no URL to leak")
    verify(grant.outcome.rendered_pages, pages_have_strict_referrer_policy(), level=Level.MAY)
