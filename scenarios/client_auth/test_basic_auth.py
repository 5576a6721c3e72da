"""A failed HTTP Basic client authentication is answered with 401 and a challenge (§5.2)."""

import dataclasses

import pytest

from harness.checks import token_error, verify
from harness.flows import client_auth, token_request

pytestmark = [pytest.mark.browser]  # the control authorizes in the browser

WRONG_SECRET = "not-the-secret:%+/"  # characters that must survive form-urlencoding (§2.3.1)
FORGED_CODE = "harness-forged-code-AAAAAAAAAAAAAAAAAAAAAAAA"


@pytest.mark.requirement("RFC6749-5.2")
@pytest.mark.catalogue(62, 109)
@pytest.mark.kills("basic-auth-no-challenge", "errors-as-200", "wrong-error-code")
def test_failed_basic_authentication_gets_401_with_basic_challenge(oauth):
    """RFC 6749 §5.2: invalid_client — "If the client attempted to authenticate via the
    "Authorization" request header field, the authorization server MUST respond with an HTTP 401
    (Unauthorized) status code and include the "WWW-Authenticate" response header field matching
    the authentication scheme used by the client."""
    oauth.require_token_control()  # the happy path works: a refusal means something
    impostor = dataclasses.replace(oauth.client(), secret=WRONG_SECRET)
    _, headers = client_auth(impostor, "client_secret_basic")
    response = token_request(
        oauth.http,
        oauth.target.endpoints.token,
        [("grant_type", "authorization_code"), ("code", FORGED_CODE)],
        headers=headers,
    )
    verify(response, *token_error("invalid_client", basic=True))
