"""The consent decision is protected against cross-site request forgery (RFC 6749 §10.12)."""

import pytest

from harness.browser import FieldTamper
from harness.checks import no_code_issued, verify

pytestmark = [pytest.mark.browser]

# Hidden anti-CSRF fields as common frameworks name them (csrf_token, csrfmiddlewaretoken, _csrf,
# XSRF-TOKEN, authenticity_token, __RequestVerificationToken). A consent page with none of them
# cannot be tested this way: the scenario then ends in an error, not a verdict.
CSRF_FIELDS = ", ".join(
    f'input[type=hidden][name*="{part}" i]'
    for part in ("csrf", "xsrf", "authenticity_token", "requestverificationtoken")
)
CONSENT_PAGE = "consent"  # the browser-script page that carries the allow/deny decision


@pytest.mark.requirement("RFC6749-10.12")
@pytest.mark.catalogue(26)
@pytest.mark.kills("consent-csrf-unchecked")
@pytest.mark.parametrize("token", [None, "forged-anti-csrf-token"], ids=["missing", "wrong"])
def test_consent_without_valid_csrf_token_is_refused(oauth, token):
    """RFC 6749 §10.12: "The authorization server MUST implement CSRF protection for its
    authorization endpoint and ensure that a malicious client cannot obtain authorization
    without the awareness and explicit consent of the resource owner." The consent form is
    submitted with its anti-CSRF token removed or replaced: no code may be issued."""
    grant = oauth.attempt(tamper=[FieldTamper(CONSENT_PAGE, CSRF_FIELDS, token)])
    verify(
        grant.require_answer(),
        no_code_issued(
            "RFC6749-10.12", "A consent decision without a valid anti-CSRF token issued a code"
        ),
    )
