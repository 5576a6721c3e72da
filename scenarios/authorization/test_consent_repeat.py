"""A public client's repeated authorization still asks the user (RFC 6749 §10.2; RFC 8252
§8.6): its identity cannot be assured, so a remembered approval must not stand in for consent.

Issue 7, field case 6: the public client, authorized once (a live token exists), was
authorized again in a fresh browser and the server skipped the consent page.
"""

import pytest

from harness.checks import page_shown, verify
from harness.flows import Tokens
from harness.spec import Level

pytestmark = [pytest.mark.browser, pytest.mark.signs_in]  # 'a fresh browser': signs in again


@pytest.mark.requirement("RFC6749-10.2", "RFC8252-8.6", level="SHOULD")
@pytest.mark.catalogue(33)
@pytest.mark.needs("public_client")
@pytest.mark.kills("public-client-auto-approved")
def test_public_client_is_asked_for_consent_again(oauth):
    """RFC 6749 §10.2: "The authorization server SHOULD NOT process repeated authorization
    requests automatically (without active resource owner interaction) without authenticating
    the client or relying on other measures to ensure that the repeated request comes from the
    original client and not an impersonator." RFC 8252 §8.6: "the authorization server SHOULD
    NOT process authorization requests automatically without user consent or interaction,
    except when the identity of the client can be assured. This includes the case where the
    user has previously approved an authorization request for a given client id" (the fault of
    Doorkeeper's advisory GHSA-7w2c-w47h-789w).

    The public client is authorized and its code exchanged (a live token exists, which is what
    servers that skip consent usually look for); then it is authorized again in a fresh
    browser. Signing in again is not consent: the consent page must be shown. A confidential
    client approved automatically is not judged here (it authenticates at the token endpoint)."""
    consent = oauth.consent_page()  # skips when the browser script has none
    first = oauth.authorize(oauth.request("public"))
    Tokens.from_exchange(oauth.exchange(first, client="public"))
    if consent.name not in first.outcome.pages_done:
        oauth.evidence.add_note("the first authorization did not show the consent page either")
    again = oauth.authorize(oauth.request("public"))  # a fresh browser context
    again.require_code()
    verify(
        again.outcome.pages_done,
        page_shown(
            consent.name,
            "RFC8252-8.6",
            "The public client's repeated authorization was approved without asking the user",
        ),
        level=Level.SHOULD,
    )
