"""The authorization errors a scenario can provoke at will, and the redirect each one gives.

RFC 6749 §4.1.2.1: once the client and its redirect URI are valid, a denied consent or a bad
request is reported to the client by redirect. A server may still show its own page for a bad
request, or ignore an unknown scope (RFC 6749 §3.3 lets it), so for those the path exists only
where the server redirects: otherwise the scenario skips with what the server did. A denied
consent must always come back by redirect.
"""

from __future__ import annotations

from dataclasses import dataclass

from harness.checks import query_params
from harness.client import Authorization, Decision, OAuthClient
from harness.flows import AuthorizationRequest, StepError

UNKNOWN_SCOPE = "harness_unknown_scope"  # no server defines it (RFC 6749 §3.3 scope-token)
UNKNOWN_RESPONSE_TYPE = "harness_unknown_type"

# RFC 6749 §4.1.2.1: the parameters of an error redirect; RFC 9207 §2 adds iss.
ERROR_REDIRECT_PARAMS = frozenset({"error", "error_description", "error_uri", "state", "iss"})
AUTHORIZATION_ERROR_CODES = frozenset(
    {
        "invalid_request",
        "unauthorized_client",
        "access_denied",
        "unsupported_response_type",
        "invalid_scope",
        "server_error",
        "temporarily_unavailable",
    }
)


@dataclass(frozen=True)
class ErrorPath:
    """One way to provoke an error redirect: what is changed, and the error it should give."""

    name: str
    error: str
    decision: Decision = "allow"
    must_redirect: bool = False  # a denied consent is always redirected (RFC 6749 §4.1.2.1)

    def request(self, oauth: OAuthClient, state: str | None = None) -> AuthorizationRequest:
        """The primary client's request with this path's change (``state``: a fresh one)."""
        request = oauth.request() if state is None else oauth.request(state=state)
        if self.name == "unknown-scope":
            return request.but(scope=f"{request.scope or ''} {UNKNOWN_SCOPE}".strip())
        if self.name == "unsupported-response-type":
            return request.but(response_type=UNKNOWN_RESPONSE_TYPE)
        return request


DENIED = ErrorPath("denied-consent", "access_denied", decision="deny", must_redirect=True)
UNKNOWN_SCOPE_PATH = ErrorPath("unknown-scope", "invalid_scope")
UNSUPPORTED_TYPE = ErrorPath("unsupported-response-type", "unsupported_response_type")
ERROR_PATHS = (DENIED, UNKNOWN_SCOPE_PATH, UNSUPPORTED_TYPE)
REQUEST_ERRORS = (UNKNOWN_SCOPE_PATH, UNSUPPORTED_TYPE)


def granted(url: str | None) -> bool:
    """A redirect to the client with a code and no error: the request was granted."""
    params = query_params(url) if url is not None else {}
    return "code" in params and "error" not in params


def redirected_error(grant: Authorization) -> str | None:
    """The callback URL when the server sent the browser back without granting (an error
    redirect, whatever it carries), else None (its own page, or a code without an error)."""
    url = grant.outcome.callback_url
    if url is None:
        return None
    params = query_params(url)
    return url if "error" in params or "code" not in params else None


def attempt_error(
    oauth: OAuthClient, path: ErrorPath, state: str | None = None
) -> tuple[Authorization, str | None]:
    """Provoke ``path``'s error behind a control, in this scenario's signed-in browser: the
    attempt and its error redirect (None when the server answered otherwise)."""
    request = path.request(oauth, state)
    grant = oauth.attempt(request, decision=path.decision, signed_in=True)
    if path.must_redirect:
        return grant, grant.outcome.callback_url  # judged whatever it carries
    return grant, redirected_error(grant)


def provoke(
    oauth: OAuthClient, path: ErrorPath, state: str | None = None
) -> tuple[Authorization, str]:
    """As ``attempt_error``, but the error redirect is required: without one the scenario
    skips with what the server did (for a denied consent, which must redirect, it errs)."""
    grant, url = attempt_error(oauth, path, state)
    if url is not None:
        return grant, url
    if path.must_redirect:
        raise StepError(f"denying consent did not redirect back: {grant.summary()}")
    oauth.skip(
        f"the server does not redirect the {path.name} error ({grant.summary()}), "
        "so there is no error redirect to check"
    )
