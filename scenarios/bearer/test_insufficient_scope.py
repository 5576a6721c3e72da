"""A valid token without the scope a resource needs gets insufficient_scope (RFC 6750 §3.1)."""

import pytest

from harness.checks import (
    bearer_challenge_present,
    bearer_error_is,
    refused,
    status_is,
    verify,
)
from harness.flows import StepError
from harness.spec import Level

pytestmark = [pytest.mark.browser]


@pytest.mark.requirement("RFC6749-7", "RFC6750-3", "RFC6750-3.1")
@pytest.mark.catalogue(103)
@pytest.mark.needs("www_authenticate")
@pytest.mark.kills("insufficient-scope-as-401")
def test_token_without_scope_gets_insufficient_scope(oauth):
    """RFC 6749 §7: the resource server MUST "ensure that … its scope covers the requested
    resource"; RFC 6750 §3.1: insufficient_scope — "The request requires higher privileges than
    provided by the access token. The resource server SHOULD respond with the HTTP 403
    (Forbidden) status code"."""
    oauth.require_token_control()  # the happy path works: a refusal means something
    probe = oauth.target.api.scoped_probe
    narrow = oauth.client().narrow_scope
    if probe is None:
        pytest.skip(
            f"target {oauth.target.name} has no [api.scoped_probe] (a resource needing a scope)"
        )
    if narrow is None:
        pytest.skip(f"target {oauth.target.name} declares no [clients.primary] narrow_scope")
    tokens = oauth.tokens(scope=narrow)
    if probe.scope in (tokens.scope or narrow).split():
        raise StepError(f"the grant holds scope {probe.scope!r} although only {narrow!r} was asked")
    response = oauth.call_api(tokens.access_token, probe=probe)
    verify(
        response,
        refused("RFC6749-7", "A token without the required scope was accepted"),
        bearer_challenge_present(),
    )
    verify(
        response,
        status_is(403, "RFC6750-3.1", "A token lacking scope was not refused with 403"),
        bearer_error_is("insufficient_scope"),
        level=Level.SHOULD,
    )
