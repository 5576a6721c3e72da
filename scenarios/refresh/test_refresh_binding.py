"""A refresh token works only for the client it was issued to, authenticated (RFC 6749 §6)."""

import pytest

from harness.checks import token_error, verify
from harness.flows import refresh

pytestmark = [pytest.mark.browser]


@pytest.mark.requirement("RFC6749-6", "RFC6749-10.4")
@pytest.mark.catalogue(85)
@pytest.mark.needs("refresh", "second_client")
@pytest.mark.kills("refresh-not-bound-to-client")
def test_refresh_token_of_another_client_is_rejected(oauth):
    """RFC 6749 §6: the authorization server MUST "validate the refresh token … and ensure that
    the refresh token was issued to the authenticated client"; §10.4: "The authorization server
    MUST maintain the binding between a refresh token and the client to whom it was issued"."""
    oauth.require_token_control("second")  # the happy path works: a refusal means something
    stolen = oauth.tokens().require_refresh_token()
    response = oauth.refresh(stolen, client="second")
    basic = oauth.client("second").auth_method == "client_secret_basic"
    verify(response, *token_error("invalid_grant", basic=basic, ref="RFC6749-10.4"))


@pytest.mark.requirement("RFC6749-6", "RFC6749-3.2.1")
@pytest.mark.catalogue(84)
@pytest.mark.needs("refresh")
@pytest.mark.kills("client-auth-not-required", "wrong-error-code")
def test_refresh_without_client_authentication_is_rejected(oauth):
    """RFC 6749 §6: the authorization server MUST "require client authentication for
    confidential clients or for any client that was issued client credentials"."""
    oauth.require_token_control()  # the happy path works: a refusal means something
    client = oauth.client()
    if client.secret is None:
        pytest.skip(f"target {oauth.target.name}'s primary client is not confidential")
    refresh_token = oauth.tokens().require_refresh_token()
    # client_id alone, as a public client would send it: an identifier, not authentication.
    response = refresh(
        oauth.http,
        oauth.target.endpoints.token,
        None,
        refresh_token,
        extra=[("client_id", client.id)],
    )
    verify(response, *token_error("invalid_client", ref="RFC6749-6"))
