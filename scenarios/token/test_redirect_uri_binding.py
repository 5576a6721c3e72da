"""The code exchange repeats the authorization request's redirect_uri exactly (RFC 6749 §4.1.3)."""

import pytest

from harness.checks import token_error, verify

pytestmark = [pytest.mark.browser]

ATTACKER = "https://attacker.example/callback"


@pytest.mark.requirement("RFC6749-4.1.3", "RFC6749-10.6")
@pytest.mark.kills("token-redirect-uri-unchecked")
@pytest.mark.parametrize(
    ("redirect_uri", "accepted"),
    [
        pytest.param(ATTACKER, ("invalid_grant",), marks=pytest.mark.catalogue(57), id="differs"),
        pytest.param(
            None,
            ("invalid_request", "invalid_grant"),
            marks=pytest.mark.catalogue(58),
            id="omitted",
        ),
    ],
)
def test_exchange_redirect_uri_must_match_authorization(oauth, redirect_uri, accepted):
    """RFC 6749 §4.1.3: redirect_uri is "REQUIRED, if the "redirect_uri" parameter was included in
    the authorization request ..., and their values MUST be identical", and the server MUST "ensure
    that the "redirect_uri" parameter is present if [it] was included in the initial authorization
    request ..., and if included ensure that their values are identical."""
    oauth.require_token_control()  # the happy path works: a refusal means something
    grant = oauth.authorize()
    response = oauth.exchange(grant, redirect_uri=redirect_uri)
    verify(response, *token_error(*accepted, ref="RFC6749-4.1.3"))
