"""A refresh cannot widen the grant's scope (RFC 6749 §6)."""

import pytest

from harness.checks import token_error, verify
from harness.flows import StepError

pytestmark = [pytest.mark.browser]


@pytest.mark.requirement("RFC6749-6", "RFC9700-4.14.2")
@pytest.mark.catalogue(90)
@pytest.mark.needs("refresh")
@pytest.mark.kills("refresh-scope-widening", "wrong-error-code")
def test_refresh_cannot_widen_the_scope(oauth):
    """RFC 6749 §6: "scope … The requested scope MUST NOT include any scope not originally
    granted by the resource owner"; §5.2: invalid_scope — "The requested scope is invalid,
    unknown, malformed, or exceeds the scope granted by the resource owner"."""
    oauth.require_token_control()  # the happy path works: a refusal means something
    client = oauth.client()
    if client.narrow_scope is None:
        pytest.skip(f"target {oauth.target.name} declares no [clients.primary] narrow_scope")
    tokens = oauth.tokens(scope=client.narrow_scope)
    if set(tokens.scope.split() if tokens.scope else ()) >= set(client.scope.split()):
        raise StepError(
            f"the grant already holds all of {client.scope!r} although only "
            f"{client.narrow_scope!r} was asked"
        )
    response = oauth.refresh(tokens.require_refresh_token(), scope=client.scope)
    verify(response, *token_error("invalid_scope", ref="RFC6749-6"))
