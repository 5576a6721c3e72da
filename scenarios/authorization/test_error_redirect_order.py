"""An error is redirected only after the client and its redirect URI were checked
(RFC 6749 §4.1.2.1; RFC 9700 §4.11.2).

Each error the authorization endpoint may redirect is provoked together with a redirect URI
that is not registered (a foreign host, and a malformed one): the server must tell the user on
its own page and never send the browser, the error or the state to that URI.
"""

import pytest

from harness.attacks import ATTACKER_HOST
from harness.checks import redirect_refused, verify
from harness.flows import Pkce

pytestmark = [pytest.mark.browser]

BAD_REDIRECT_URIS = {
    "foreign": f"https://{ATTACKER_HOST}/callback",
    "malformed": "http://[::1",
}


def _missing_response_type(oauth):
    return oauth.request().but(response_type=None), "allow"


def _unknown_response_type(oauth):
    return oauth.request().but(response_type="foo"), "allow"


def _unsupported_challenge_method(oauth):
    challenge = (("code_challenge", Pkce.generate().challenge), ("code_challenge_method", "S512"))
    return oauth.request(pkce=None, extra=challenge), "allow"


def _unknown_scope(oauth):
    return oauth.request(scope="read harness-unknown-scope"), "allow"


def _public_client_without_pkce(oauth):
    return oauth.request("public", pkce=None), "allow"


def _deny(oauth):
    return oauth.request(), "deny"


ERRORS = {
    "missing-response-type": _missing_response_type,
    "unknown-response-type": _unknown_response_type,
    "unsupported-challenge-method": _unsupported_challenge_method,
    "unknown-scope": _unknown_scope,
    "public-client-without-pkce": _public_client_without_pkce,
    "deny": _deny,
}


@pytest.mark.requirement("RFC6749-4.1.2.1", "RFC9700-4.11.2", "RFC6749-3.1.2.4")
@pytest.mark.catalogue(7)
@pytest.mark.kills("error-before-redirect-check")
@pytest.mark.parametrize("provoke", list(ERRORS.values()), ids=list(ERRORS))
def test_error_is_never_redirected_to_an_unregistered_uri(oauth, provoke):
    """RFC 6749 §4.1.2.1: "If the request fails due to a missing, invalid, or mismatching
    redirection URI, or if the client identifier is missing or invalid, the authorization
    server SHOULD inform the resource owner of the error and MUST NOT automatically redirect
    the user-agent to the invalid redirection URI." RFC 9700 §4.11.2: the authorization server
    "MUST NOT automatically redirect the user agent" when the client and redirect URI do not
    match, whatever else is wrong with the request."""
    request, decision = provoke(oauth)
    sent = request.redirect_uri
    server = oauth.target.endpoints.authorization
    for name, bad in BAD_REDIRECT_URIS.items():
        oauth.evidence.add_note(f"redirect_uri: the {name} {bad!r}")
        refused = redirect_refused(
            sent,
            server,
            "RFC6749-4.1.2.1",
            f"An error was redirected to a {name} redirect URI before it was checked",
        )
        oauth.attempt(
            request.but(redirect_uri=bad),
            decision=decision,
            judge_first=lambda grant, check=refused: verify(grant.outcome.navigations, check),
            signed_in=True,
        )
