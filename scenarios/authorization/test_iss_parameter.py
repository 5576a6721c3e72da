"""Authorization responses name their issuer (RFC 9207 §2), the mix-up defence."""

import pytest

from harness.checks import param_equals, verify
from scenarios.authorization._error_paths import REQUEST_ERRORS, provoke

pytestmark = [pytest.mark.browser]


@pytest.mark.requirement("RFC9207-2", "RFC9700-4.4.2")
@pytest.mark.catalogue(112)
@pytest.mark.needs("iss_parameter")
@pytest.mark.kills("iss-missing")
@pytest.mark.parametrize("decision", ["allow", "deny"], ids=["success", "error"])
def test_authorization_response_carries_issuer(oauth, decision):
    """RFC 9207 §2: "In authorization responses to the client, including error responses, an
    authorization server supporting this specification MUST indicate its identity by including
    the iss parameter in the response." "The iss parameter value is the issuer identifier of the
    authorization server that created the authorization response, as defined in [RFC8414]"."""
    callback = oauth.authorize(decision=decision).require_response()
    verify(
        callback.url,
        param_equals(
            "iss",
            oauth.target.endpoints.issuer,
            "RFC9207-2",
            "The authorization response does not name the issuer",
        ),
    )


@pytest.mark.requirement("RFC9207-2")
@pytest.mark.catalogue(112)
@pytest.mark.needs("iss_parameter")
@pytest.mark.kills("request-error-iss-missing")
@pytest.mark.parametrize("path", REQUEST_ERRORS, ids=[p.name for p in REQUEST_ERRORS])
def test_request_error_redirect_carries_issuer(oauth, path):
    """RFC 9207 §2: "In authorization responses to the client, including error responses, an
    authorization server supporting this specification MUST indicate its identity by including
    the iss parameter in the response." Not only after the consent page: an error the server
    redirects straight from the request (an unknown scope, an unsupported response_type)
    names the issuer too."""
    _grant, url = provoke(oauth, path)
    verify(
        url,
        param_equals(
            "iss",
            oauth.target.endpoints.issuer,
            "RFC9207-2",
            f"The {path.name} error redirect does not name the issuer",
        ),
    )
