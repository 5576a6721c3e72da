"""Confidential clients must authenticate at the token endpoint (RFC 6749 §3.2.1, §4.1.3)."""

import pytest

from harness.checks import json_field_present, status_is, token_error, verify

pytestmark = [pytest.mark.browser]


@pytest.mark.requirement("RFC6749-3.2.1", "RFC6749-4.1.3", "RFC6749-2.3.1")
@pytest.mark.kills("client-auth-not-required")
@pytest.mark.parametrize(
    "method",
    [
        pytest.param("client_secret_basic", marks=pytest.mark.catalogue(61, 63), id="then-basic"),
        pytest.param("client_secret_post", marks=pytest.mark.catalogue(61, 64), id="then-post"),
    ],
)
def test_confidential_client_must_authenticate(oauth, method):
    """RFC 6749 §3.2.1: "Confidential clients or other clients issued client credentials MUST
    authenticate with the authorization server as described in Section 2.3 when making requests to
    the token endpoint." The control then redeems the same code with the credentials, so the
    refusal is shown to be about authentication: via HTTP Basic, whose id and secret are
    form-urlencoded first (§2.3.1: the server "MUST support the HTTP Basic authentication scheme"),
    or in the body (client_secret_post, which §2.3.1 permits)."""
    if method == "client_secret_post" and oauth.client().auth_method != method:
        pytest.skip(f"the target's primary client is configured for {oauth.client().auth_method}")
    grant = oauth.authorize()
    anonymous = oauth.exchange(grant, auth="none")  # client_id only, no secret
    verify(anonymous, *token_error("invalid_client", ref="RFC6749-3.2.1"))
    verify(
        oauth.exchange(grant, auth=method),
        status_is(200, "RFC6749-2.3.1", f"The code could not be redeemed with {method}"),
        json_field_present("access_token", "RFC6749-5.1"),
    )
