"""Every endpoint the metadata advertises is reached over TLS (catalogue #3)."""

import pytest

from harness.checks import endpoint_uses_tls, verify

# The rule each advertised endpoint answers to; any other endpoint is held to the metadata
# specification's own reading of an endpoint URL (RFC 8414 §2).
TLS_RULES = {
    "authorization_endpoint": "RFC6749-3.1",
    "token_endpoint": "RFC6749-3.2",
    "revocation_endpoint": "RFC7009-2",
    "jwks_uri": "RFC8414-2",
}


@pytest.mark.requirement("RFC6749-3.1", "RFC6749-3.2", "RFC7009-2", "RFC8414-2")
@pytest.mark.catalogue(3)
@pytest.mark.needs("metadata")
@pytest.mark.kills("metadata-endpoints-http")
def test_advertised_endpoints_use_https(oauth):
    """RFC 6749 §3.1: "the authorization server MUST require the use of TLS as described in
    Section 1.6 when sending requests to the authorization endpoint"; §3.2: likewise "when
    sending requests to the token endpoint"; RFC 7009 §2: "URLs for token revocation endpoints
    MUST be HTTPS URLs"; RFC 8414 §2: jwks_uri "MUST use the "https" scheme".

    Judged: every member whose name ends in ``_endpoint``, and ``jwks_uri``. Each must be an
    https URL. Plain http passes only for a local deployment, where TLS is not judged: an
    endpoint on a loopback host (127.0.0.0/8, ::1, localhost) advertised by a plain-http
    loopback issuer (the bundled mock). So an http endpoint on any other host fails, and so
    does an http endpoint beside an https issuer, even on loopback (its scheme is not the
    issuer's)."""
    document = oauth.metadata_document()
    issuer = oauth.target.endpoints.issuer
    members = sorted(m for m in document if m.endswith("_endpoint") or m == "jwks_uri")
    checks = [endpoint_uses_tls(m, issuer, TLS_RULES.get(m, "RFC8414-2")) for m in members]
    verify(document, *checks)
