"""The authorization endpoint does not support CORS (RFC 9700 §2.6, catalogue #44)."""

import pytest

from harness.checks import header_absent, verify

ATTACKER_ORIGIN = "https://attacker.example"  # only sent as a header: nothing goes there


@pytest.mark.requirement("RFC9700-2.6")
@pytest.mark.catalogue(44)
@pytest.mark.kills("authorize-cors-wildcard", "authorize-cors-reflects-origin")
@pytest.mark.parametrize("method", ["GET", "OPTIONS"], ids=["request", "preflight"])
def test_authorization_endpoint_grants_no_cors(oauth, method):
    """RFC 9700 §2.6: "To support browser-based clients, endpoints directly accessed by such
    clients including the Token Endpoint, Authorization Server Metadata Endpoint, jwks_uri
    Endpoint, and the Dynamic Client Registration Endpoint MAY support the use of Cross-Origin
    Resource Sharing (CORS). However, CORS MUST NOT be supported at the Authorization Endpoint,
    as the client does not access this endpoint directly; instead, the client redirects the
    user agent to it."

    A well-formed authorization request is sent (no browser) with ``Origin`` of another site,
    once as a plain GET and once as a CORS preflight (OPTIONS with
    ``Access-Control-Request-Method: GET``). Neither answer may carry
    ``Access-Control-Allow-Origin``: with it, a page on that site could read the login or
    consent page (and its anti-CSRF token). Any answer without the header passes, a refusal
    included."""
    headers = [("Origin", ATTACKER_ORIGIN), ("Accept", "text/html")]
    if method == "OPTIONS":
        headers.append(("Access-Control-Request-Method", "GET"))
    response = oauth.http.send(method, oauth.request().url(), headers=headers)
    verify(
        response,
        header_absent(
            "Access-Control-Allow-Origin",
            "RFC9700-2.6",
            "The authorization endpoint lets another origin read its answer (CORS)",
        ),
    )
