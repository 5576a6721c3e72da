"""The consent decision is protected against cross-site request forgery (RFC 6749 §10.12)."""

import pytest

from harness.browser import FieldTamper
from harness.checks import no_code_issued, redirect_carries_no_code, verify

pytestmark = [pytest.mark.browser]

# Hidden anti-CSRF fields as common frameworks name them (csrf_token, csrfmiddlewaretoken, _csrf,
# XSRF-TOKEN, authenticity_token, __RequestVerificationToken), used when the consent page names
# no csrf_field. A form protected otherwise (a cookie, a URL-borne interaction id) has none:
# the tampering variants then skip, and the replay variant still judges it.
CSRF_FIELDS = ", ".join(
    f'input[type=hidden][name*="{part}" i]'
    for part in ("csrf", "xsrf", "authenticity_token", "requestverificationtoken")
)


@pytest.mark.requirement("RFC6749-10.12")
@pytest.mark.catalogue(26)
@pytest.mark.kills("consent-csrf-unchecked")
@pytest.mark.parametrize("token", [None, "forged-anti-csrf-token"], ids=["missing", "wrong"])
def test_consent_without_valid_csrf_token_is_refused(oauth, token):
    """RFC 6749 §10.12: "The authorization server MUST implement CSRF protection for its
    authorization endpoint and ensure that a malicious client cannot obtain authorization
    without the awareness and explicit consent of the resource owner." The consent form is
    submitted with its anti-CSRF token removed or replaced: no code may be issued."""
    page = oauth.consent_page()
    field = page.csrf_field or CSRF_FIELDS
    unmatched = (
        None
        if page.csrf_field
        else f"no anti-CSRF field of a common name on page {page.name!r}; name it with "
        "csrf_field (the replay scenario judges the form's protection either way)"
    )
    grant = oauth.attempt(tamper=[FieldTamper(page.name, field, token)], unmatched=unmatched)
    verify(
        grant.require_answer(),
        no_code_issued(
            "RFC6749-10.12", "A consent decision without a valid anti-CSRF token issued a code"
        ),
    )


@pytest.mark.requirement("RFC6749-10.12")
@pytest.mark.catalogue(26)
@pytest.mark.kills("consent-replayable")
def test_consent_submit_replayed_without_the_session_is_refused(oauth):
    """RFC 6749 §10.12: the authorization server MUST "ensure that a malicious client cannot
    obtain authorization without the awareness and explicit consent of the resource owner".
    The user's own consent POST (its anti-CSRF token included) is held back in the browser and
    sent from a fresh client without the user's cookies, as an attacker who obtained the form
    would: however the form is protected, it must be bound to the user's browser session, so
    no code may come back."""
    page = oauth.consent_page()
    oauth.require_control()
    answer = oauth.replay(oauth.capture_submit(page.name))
    verify(
        answer,
        redirect_carries_no_code(
            "RFC6749-10.12", "The consent POST replayed without the user's session issued a code"
        ),
    )
