"""The resource owner password credentials grant is not offered (RFC 9700 §2.4)."""

import pytest

from harness.checks import token_error, verify
from harness.flows import client_auth, token_request


@pytest.mark.requirement("RFC9700-2.4", "RFC6749-5.2")
@pytest.mark.catalogue(73, 109)
@pytest.mark.kills("unsupported-grant-accepted", "errors-as-200", "wrong-error-code")
def test_password_grant_is_rejected(oauth):
    """RFC 9700 §2.4: "The resource owner password credentials grant [RFC6749] MUST NOT be used."
    The request carries the test user's real credentials, so a server that still implements the
    grant would issue tokens; RFC 6749 §5.2 names the refusal: unsupported_grant_type ("The
    authorization grant type is not supported by the authorization server"), or
    unauthorized_client for a server that disables it per client."""
    user = oauth.target.user
    if user is None:
        pytest.skip(f"target {oauth.target.name} has no user configured")
    fields, headers = client_auth(oauth.client())
    form = [("grant_type", "password"), ("username", user.username), ("password", user.password)]
    response = token_request(
        oauth.http, oauth.target.endpoints.token, [*form, *fields], headers=headers
    )
    verify(
        response,
        *token_error("unsupported_grant_type", "unauthorized_client", ref="RFC9700-2.4"),
    )
