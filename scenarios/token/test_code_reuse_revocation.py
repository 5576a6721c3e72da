"""A reused code takes down the tokens its first exchange produced (RFC 6749 §4.1.2, §10.5)."""

import pytest

from harness.checks import status_is, token_error, verify
from harness.flows import Tokens
from harness.spec import Level

pytestmark = [pytest.mark.browser]


@pytest.mark.requirement("RFC6749-4.1.2", "RFC6749-10.5", level="SHOULD")
@pytest.mark.catalogue(54)
@pytest.mark.kills("code-reuse-keeps-tokens")
def test_tokens_from_reused_code_are_revoked(oauth):
    """RFC 6749 §4.1.2: "If an authorization code is used more than once, the authorization server
    MUST deny the request and SHOULD revoke (when possible) all tokens previously issued based on
    that authorization code."""
    grant = oauth.authorize()
    tokens = Tokens.from_exchange(oauth.exchange(grant))
    oauth.exchange(grant)  # the replay; its refusal is test_reused_code_is_rejected's concern
    verify(
        oauth.call_api(tokens.access_token),
        status_is(401, "RFC6749-4.1.2", "The access token of a reused code still works"),
        level=Level.SHOULD,
    )
    if tokens.refresh_token is not None:
        verify(
            oauth.refresh(tokens.refresh_token),
            *token_error("invalid_grant", ref="RFC6749-4.1.2"),
            level=Level.SHOULD,
        )
