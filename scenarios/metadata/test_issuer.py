"""The metadata names the issuer it was fetched for, as an https URL (catalogue #2)."""

import pytest

from harness.checks import issuer_equals, issuer_is_https, verify

pytestmark = [pytest.mark.needs("metadata")]


@pytest.mark.requirement("RFC8414-3.3")
@pytest.mark.catalogue(2)
@pytest.mark.kills("issuer-trailing-slash", "issuer-http-public-host")
def test_issuer_is_the_one_the_metadata_was_fetched_for(oauth):
    """RFC 8414 §3.3: "The "issuer" value returned MUST be identical to the authorization
    server's issuer identifier value into which the well-known URI string was inserted to
    create the URL used to retrieve the metadata. If these values are not identical, the data
    contained in the response MUST NOT be used."

    Identical means string equality: a trailing slash, another host or another scheme is
    another issuer. The expected value is the target's configured issuer (the bundled mock's
    bound URL), from which its well-known URL is built."""
    verify(oauth.metadata_document(), issuer_equals(oauth.target.endpoints.issuer))


@pytest.mark.requirement("RFC8414-2")
@pytest.mark.catalogue(2)
@pytest.mark.kills("issuer-http-public-host")
def test_issuer_is_an_https_url_without_query_or_fragment(oauth):
    """RFC 8414 §2: "issuer REQUIRED. The authorization server's issuer identifier, which is a
    URL that uses the "https" scheme and has no query or fragment components."

    A plain-http issuer passes only on a loopback host (127.0.0.0/8, ::1, localhost): the bundled
    mock or a local test deployment, which is not judged on TLS. On any other host it fails."""
    verify(oauth.metadata_document(), issuer_is_https())
