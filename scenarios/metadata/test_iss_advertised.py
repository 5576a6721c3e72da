"""What the metadata says about iss is what the authorization responses do (catalogue #5)."""

import pytest

from harness.checks import param_equals, verify

pytestmark = [pytest.mark.browser]

ADVERTISED = "authorization_response_iss_parameter_supported"


@pytest.mark.requirement("RFC9207-2", "RFC9207-3")
@pytest.mark.catalogue(5)
@pytest.mark.needs("metadata")
@pytest.mark.kills("iss-missing")
@pytest.mark.parametrize("decision", ["allow", "deny"], ids=["success", "error"])
def test_advertised_iss_parameter_is_in_every_authorization_response(oauth, decision):
    """RFC 9207 §3: "authorization_response_iss_parameter_supported: Boolean parameter
    indicating whether the authorization server provides the iss parameter in the
    authorization response as defined in Section 2. If omitted, the default value is false."
    §2: "In authorization responses to the client, including error responses, an
    authorization server supporting this specification MUST indicate its identity by including
    the iss parameter in the response."

    Judged from the metadata alone, whatever the target file's ``iss_parameter`` capability
    says (#112 holds the target to that one). Advertised true: the success redirect and the
    error redirect (consent denied) both carry ``iss`` equal to the issuer. Absent or false: the
    metadata promises nothing, the scenario skips, and an ``iss`` sent anyway is fine."""
    if oauth.metadata_document().get(ADVERTISED) is not True:
        oauth.skip(f"the metadata does not advertise {ADVERTISED}: true (absent means false)")
    callback = oauth.authorize(decision=decision).require_response()
    verify(
        callback.url,
        param_equals(
            "iss",
            oauth.target.endpoints.issuer,
            "RFC9207-2",
            f"The metadata advertises {ADVERTISED}, but this authorization response does not "
            "name the issuer",
        ),
    )
