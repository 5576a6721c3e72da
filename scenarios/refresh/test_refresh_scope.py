"""Scope on refresh (RFC 6749 §6): never wider than the grant; a narrower one, if honoured,
limits the new access token; a rotated refresh token keeps the presented one's scope."""

import pytest

from harness.checks import (
    api_agrees_with_scope,
    granted_scope,
    scope_includes,
    status_is,
    token_error,
    verify,
)
from harness.flows import StepError, Tokens
from scenarios.token._scoped_probe import scope_probe

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


def _narrowing(oauth):
    """The primary client's full and narrow scopes; a skip when the target names no narrow one."""
    client = oauth.client()
    if client.narrow_scope is None:
        pytest.skip(f"target {oauth.target.name} declares no [clients.primary] narrow_scope")
    return client.scope, client.narrow_scope


@pytest.mark.requirement("RFC6749-6", "RFC6749-3.3")
@pytest.mark.catalogue(89)
@pytest.mark.needs("refresh")
@pytest.mark.kills("refresh-narrowing-ignored")
def test_refresh_narrowing_limits_the_new_access_token(oauth):
    """RFC 6749 §6: scope — "The requested scope MUST NOT include any scope not originally
    granted by the resource owner": a narrower one MAY be asked. If the server honours it, the
    new access token is limited to it at the API; if it grants something else, §3.3 applies:
    "the authorization server MUST include the "scope" response parameter to inform the client
    of the actual scope granted." Judged at the API with [api.scoped_probe], whose scope is
    left out of the narrow scope."""
    oauth.require_token_control()  # the happy path works: a refusal means something
    probe = scope_probe(oauth)
    full, narrow = _narrowing(oauth)
    if probe.scope in narrow.split():
        pytest.skip(f"narrow_scope {narrow!r} still holds {probe.scope!r}: nothing to narrow")
    tokens = oauth.tokens(scope=full)
    response = oauth.refresh(tokens.require_refresh_token(), scope=narrow)
    if response.status != 200:
        oauth.evidence.add_note(
            f"the server did not honour a narrower scope on refresh (HTTP {response.status}); "
            "RFC 6749 §6 makes narrowing a MAY, so there is no new token to judge"
        )
        return
    narrowed = Tokens.from_exchange(response)
    granted, stated = granted_scope(response, narrow)
    verify(
        oauth.call_api(narrowed.access_token, probe=probe),
        api_agrees_with_scope(probe.scope, probe.scope in granted, stated, "RFC6749-3.3"),
    )


@pytest.mark.requirement("RFC6749-6")
@pytest.mark.catalogue(91)
@pytest.mark.needs("refresh")
@pytest.mark.kills("rotated-refresh-scope-narrowed")
def test_rotated_refresh_token_keeps_the_presented_scope(oauth):
    """RFC 6749 §6: "If a new refresh token is issued, the refresh token scope MUST be identical
    to that of the refresh token included by the client in the request." A refresh asking for
    a narrower access token still yields a refresh token of the whole grant: refreshing with it
    (scope omitted, "treated as equal to the scope originally granted") gives the whole scope
    again, in the response and at the API."""
    oauth.require_token_control()  # the happy path works: a refusal means something
    full, narrow = _narrowing(oauth)
    tokens = oauth.tokens(scope=full)
    presented = tokens.require_refresh_token()
    original = set((tokens.scope or full).split())
    response = oauth.refresh(presented, scope=narrow)
    if response.status != 200:
        oauth.evidence.add_note(
            f"the server refused a narrower scope on refresh (HTTP {response.status}); "
            "refreshing without one instead"
        )
        response = oauth.refresh(presented)
    rotated = Tokens.from_exchange(response).refresh_token
    if rotated is None or rotated == presented:
        pytest.skip("the server issued no new refresh token: §6's rule for one does not apply")
    again = oauth.refresh(rotated)
    verify(
        again,
        status_is(200, "RFC6749-6", "The rotated refresh token was refused"),
        scope_includes(
            original, full, "RFC6749-6", "The rotated refresh token lost part of the grant"
        ),
    )
    probe = oauth.target.api.scoped_probe
    if probe is not None and probe.scope in original:
        granted, stated = granted_scope(again, full)
        verify(
            oauth.call_api(Tokens.from_exchange(again).access_token, probe=probe),
            api_agrees_with_scope(probe.scope, probe.scope in granted, stated, "RFC6749-6"),
        )
