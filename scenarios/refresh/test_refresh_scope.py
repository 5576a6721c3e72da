"""A refresh cannot widen the grant's scope (RFC 6749 §6)."""

import pytest

from harness.checks import token_error, verify
from harness.flows import StepError, Tokens

pytestmark = [pytest.mark.browser]


@pytest.mark.requirement("RFC6749-6", "RFC9700-4.14.2")
@pytest.mark.catalogue(90)
@pytest.mark.needs("refresh")
@pytest.mark.kills("refresh-scope-widening", "wrong-error-code")
def test_refresh_cannot_widen_the_scope(oauth):
    """RFC 6749 §6: "scope … The requested scope MUST NOT include any scope not originally
    granted by the resource owner"; §5.2: invalid_scope — "The requested scope is invalid,
    unknown, malformed, or exceeds the scope granted by the resource owner"."""
    grant = oauth.authorize(oauth.request(scope="read"))
    tokens = Tokens.from_exchange(oauth.exchange(grant))
    if "write" in (tokens.scope or "").split():
        raise StepError("the grant already holds scope 'write' although only 'read' was asked")
    response = oauth.refresh(tokens.require_refresh_token(), scope="read write")
    verify(response, *token_error("invalid_scope", ref="RFC6749-6"))
