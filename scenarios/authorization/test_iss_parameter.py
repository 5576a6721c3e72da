"""Authorization responses name their issuer (RFC 9207 §2), the mix-up defence."""

import pytest

from harness.checks import param_equals, verify

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
