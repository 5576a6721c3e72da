"""The metadata document is served as RFC 8414 §3.2 says (catalogue #1)."""

import pytest

from harness.checks import body_is_json_object, media_type_is, status_is, verify


@pytest.mark.requirement("RFC8414-3.2")
@pytest.mark.catalogue(1)
@pytest.mark.needs("metadata")
@pytest.mark.kills("metadata-octet-stream")
def test_metadata_is_a_json_object(oauth):
    """RFC 8414 §3.2: "A successful response MUST use the 200 OK HTTP status code and return a
    JSON object using the "application/json" content type that contains a set of claims as its
    members that are a subset of the metadata values defined in Section 2."

    Publishing metadata is only RECOMMENDED (RFC 9700 §2.6): a target without it (capability
    ``metadata`` false, no discovery) skips this scenario, which is no finding. A target that
    says it publishes metadata is held to §3.2 at its metadata URL (by default the well-known
    one, RFC 8414 §3)."""
    verify(
        oauth.metadata(),
        status_is(200, "RFC8414-3.2", "The metadata document was not served with 200"),
        media_type_is("application/json", "RFC8414-3.2"),
        body_is_json_object("RFC8414-3.2", "The metadata document is not a JSON object"),
    )
