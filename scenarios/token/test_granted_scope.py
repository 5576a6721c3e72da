"""The token response says which scope the access token really has (RFC 6749 §3.3, §5.1).

Judged by the API: the ``[api.scoped_probe]`` needs one scope; the token either can use it or
not, and the token response must agree (stating ``scope``, or, without it, granting what was
asked).
"""

import pytest

from harness.checks import api_agrees_with_scope, granted_scope, verify
from harness.flows import Tokens
from scenarios.token._scoped_probe import scope_probe

pytestmark = [pytest.mark.browser]


@pytest.mark.requirement("RFC6749-3.3", "RFC6749-5.1")
@pytest.mark.catalogue(81)
@pytest.mark.kills("scope-narrowed-silently")
def test_token_response_states_the_scope_granted(oauth):
    """RFC 6749 §3.3: "If the issued access token scope is different from the one requested by
    the client, the authorization server MUST include the "scope" response parameter to inform
    the client of the actual scope granted." §5.1: scope is "OPTIONAL, if identical to the
    scope requested by the client; otherwise, REQUIRED." A grant narrower than the request
    (the token cannot use a scope that was asked) must say so."""
    oauth.require_token_control()  # the happy path works: a refusal means something
    probe = scope_probe(oauth)
    requested = oauth.client().scope
    exchange = oauth.exchange(oauth.authorize())
    tokens = Tokens.from_exchange(exchange)
    granted, stated = granted_scope(exchange, requested)
    verify(
        oauth.call_api(tokens.access_token, probe=probe),
        api_agrees_with_scope(probe.scope, probe.scope in granted, stated, "RFC6749-3.3"),
    )
