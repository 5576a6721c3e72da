"""The advertised authorization endpoint has no fragment (catalogue #46)."""

import pytest

from harness.checks import url_has_no_fragment, verify


@pytest.mark.requirement("RFC6749-3.1")
@pytest.mark.catalogue(46)
@pytest.mark.needs("metadata")
@pytest.mark.kills("authorization-endpoint-fragment")
def test_advertised_authorization_endpoint_has_no_fragment(oauth):
    """RFC 6749 §3.1: "The endpoint URI MAY include an "application/x-www-form-urlencoded"
    formatted (per Appendix B) query component ([RFC3986] Section 3.4), which MUST be retained
    when adding additional query parameters. The endpoint URI MUST NOT include a fragment
    component."

    The target file cannot hold such a URL (the loader rejects a '#' in every endpoint), so the
    URL judged is the one the server itself advertises in its metadata; an empty fragment (a
    bare '#') is a fragment component too."""
    verify(
        oauth.metadata_document(),
        url_has_no_fragment(
            "authorization_endpoint",
            "RFC6749-3.1",
            "The metadata advertises an authorization endpoint with a fragment",
        ),
    )
