"""What the authorization server grants for an unknown, a missing or an escalated scope
(RFC 6749 §3.3; RFC 9700 §2.3)."""

import pytest

from harness.checks import (
    bearer_error_is,
    json_field_present,
    no_server_error_page,
    param_equals,
    refused,
    scope_excludes,
    status_is,
    verify,
    when_redirected,
)
from harness.client import Authorization, OAuthClient
from harness.flows import StepError, Tokens
from harness.spec import Level
from scenarios.authorization._error_paths import UNKNOWN_SCOPE, granted

pytestmark = [pytest.mark.browser]

ESCALATION = "admin"  # issue 7, field case 5: a privileged scope no client of the target has


@pytest.mark.requirement("RFC6749-3.3", "RFC6749-4.1.2.1", "RFC6749-5.1")
@pytest.mark.catalogue(30)
@pytest.mark.kills("unknown-scope-ignored-silently")
def test_unknown_scope_is_refused_or_visibly_ignored(oauth):
    """RFC 6749 §4.1.2.1: invalid_scope — "The requested scope is invalid, unknown, or
    malformed." §3.3: the server "MAY fully or partially ignore the scope requested by the
    client", but "If the issued access token scope is different from the one requested by the
    client, the authorization server MUST include the "scope" response parameter to inform the
    client of the actual scope granted." So: an invalid_scope refusal, or a grant whose token
    response names a scope without the unknown value."""
    request = oauth.request()
    request = request.but(scope=f"{request.scope or ''} {UNKNOWN_SCOPE}".strip())
    grant = oauth.attempt(request)
    answer = grant.require_answer()
    server = oauth.target.endpoints.authorization
    verify(
        grant.outcome.navigations,
        no_server_error_page(server, "RFC6749-4.1.2.1", "An unknown scope crashed the server"),
    )
    if not granted(answer):
        _refused_as_invalid_scope(
            answer,
            "RFC6749-4.1.2.1",
            "A request with an unknown scope was refused without invalid_scope",
        )
        return
    exchange = oauth.exchange(grant)
    Tokens.from_exchange(exchange)  # a code issued for the request must exchange
    verify(
        exchange,
        scope_excludes(
            {UNKNOWN_SCOPE},
            request.scope or "",
            "RFC6749-3.3",
            "An unknown scope was granted, or ignored without the token response saying so",
        ),
    )


@pytest.mark.requirement("RFC6749-3.3")
@pytest.mark.catalogue(32)
@pytest.mark.kills("missing-scope-500")
def test_missing_scope_gets_a_default_or_invalid_scope(oauth):
    """RFC 6749 §3.3: "If the client omits the scope parameter when requesting authorization,
    the authorization server MUST either process the request using a pre-defined default value
    or fail the request indicating an invalid scope." Never a server error; a code issued must
    exchange (the default was applied)."""
    request = oauth.request(scope=None)
    grant = oauth.attempt(request)
    answer = grant.require_answer()
    server = oauth.target.endpoints.authorization
    verify(
        grant.outcome.navigations,
        no_server_error_page(server, "RFC6749-3.3", "A request without scope crashed the server"),
    )
    if not granted(answer):
        _refused_as_invalid_scope(
            answer, "RFC6749-3.3", "A request without scope was refused, but not as invalid_scope"
        )
        return
    verify(
        oauth.exchange(grant),
        status_is(200, "RFC6749-3.3", "The code of a request without scope did not exchange"),
        json_field_present("access_token", "RFC6749-5.1"),
    )


def _refused_as_invalid_scope(answer: str | None, ref: str, why: str) -> None:
    """A refusal redirected to the client names invalid_scope (an error page may say anything)."""
    verify(answer, when_redirected(param_equals("error", "invalid_scope", ref, why)))


def _narrow_client(oauth: OAuthClient) -> tuple[str, set[str], set[str]]:
    """A client whose scope is a strict part of what the target's clients have together: its
    role, its scope, and the scopes only other clients have. The public client first."""
    clients = oauth.target.clients
    for role in sorted(clients, key=lambda r: (r != "public", r)):
        own = set(clients[role].scope.split())
        others = {s for r, c in clients.items() if r != role for s in c.scope.split()}
        if own and others - own:
            return role, own, others - own
    oauth.skip(
        f"no client of target {oauth.target.name} asks for less scope than another client "
        "(the escalation needs a client whose [clients.*] scope is narrower)"
    )


@pytest.mark.requirement("RFC9700-2.3", "RFC6749-3.3", "RFC6749-5.1", level="SHOULD")
@pytest.mark.catalogue(31)
@pytest.mark.kills("client-scope-unlimited")
def test_scope_escalation_beyond_the_client_is_not_granted(oauth):
    """RFC 9700 §2.3: "The privileges associated with an access token SHOULD be restricted to
    the minimum required for the particular application or use case." RFC 6749 §3.3 lets the
    server ignore part of the requested scope, and then "MUST include the "scope" response
    parameter to inform the client of the actual scope granted" (§5.1: REQUIRED when it
    differs).

    Issue 7, field case 5: the public client registered for ``read`` asked for ``read write
    admin``, got all three, and its token passed the endpoint that needs ``write``. The client
    with the narrowest [clients.*] scope (taken as all it may have) asks for the scopes only
    other clients have, then for those plus ``admin``. Passing: a refusal (invalid_scope), or a
    grant without them whose token the scoped probe refuses with 403 insufficient_scope.

    Level: the restriction itself is a SHOULD (RFC 9700 §2.3; RFC 6749 §3.3 only says MAY
    ignore), so a grant beyond the client is a warning; a grant cut without saying so breaks
    the MUST of RFC 6749 §3.3 and fails."""
    role, own, extra = _narrow_client(oauth)
    for asked in (own | extra, own | extra | {ESCALATION}):
        scope = " ".join(sorted(asked))
        oauth.evidence.add_note(f"client {role!r} (scope {' '.join(sorted(own))!r}) asks {scope!r}")
        grant = oauth.attempt(oauth.request(role, scope=scope), signed_in=True)
        if not granted(grant.require_answer()):
            continue  # refused: nothing beyond the client was granted
        _judge_grant(oauth, role, grant, scope, (asked - own))
        return  # one grant judged is the finding; the next request would repeat it


def _judge_grant(
    oauth: OAuthClient, role: str, grant: Authorization, scope: str, beyond: set[str]
) -> None:
    """A code was issued for ``scope``: nothing of ``beyond`` may be in the grant."""
    exchange = oauth.exchange(grant, client=role)
    tokens = Tokens.from_exchange(exchange)
    probe = oauth.target.api.scoped_probe
    answer = None
    if probe is not None and probe.scope in beyond:
        oauth.require_token_control(role)
        _require_scoped_probe_control(oauth, probe.scope)
        answer = oauth.call_api(tokens.access_token, probe=probe)
    probe_refused = answer is not None and not 200 <= (answer.status or 0) < 300
    if tokens.scope is None and probe_refused:
        verify(
            exchange,
            json_field_present(
                "scope",
                "RFC6749-3.3",
                "The grant was cut (the scoped probe refused its token) but the token response "
                "does not name the scope granted",
            ),
        )
    verify(
        exchange,
        scope_excludes(
            beyond, scope, "RFC9700-2.3", f"Client {role!r} was granted scope beyond its own"
        ),
        level=Level.SHOULD,
    )
    if answer is not None:
        verify(
            answer,
            refused("RFC9700-2.3", "The escalated token passed the scoped probe"),
            status_is(403, "RFC6750-3.1", "The scoped probe did not answer 403"),
            bearer_error_is("insufficient_scope"),
            level=Level.SHOULD,
        )


def _require_scoped_probe_control(oauth: OAuthClient, needed: str) -> None:
    """A token holding the probe's scope passes it, or its refusal proves nothing."""
    roles = [r for r, c in oauth.target.clients.items() if needed in c.scope.split()]
    if not roles:
        raise StepError(f"no client of the target asks for {needed!r}; the probe is unproven")
    tokens = oauth.tokens(roles[0])
    probe = oauth.target.api.scoped_probe
    control = oauth.call_api(tokens.access_token, probe=probe)
    if control.status is None or not 200 <= control.status < 300:
        raise StepError(
            f"the scoped probe refused client {roles[0]!r}'s token holding {needed!r} "
            f"(HTTP {control.status}); its refusal of another token proves nothing"
        )
