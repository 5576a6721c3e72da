"""PKCE support is detectable from the metadata, S256 first of all (catalogue #4)."""

import pytest

from harness.checks import lists, omits, verify
from harness.spec import Level

pytestmark = [pytest.mark.needs("metadata", "pkce")]


@pytest.mark.requirement("RFC9700-2.1.1", "RFC8414-2", level="SHOULD")
@pytest.mark.catalogue(4)
@pytest.mark.kills("pkce-methods-unadvertised", "pkce-methods-plain-only")
def test_s256_is_advertised(oauth):
    """RFC 9700 §2.1.1: "Authorization servers MUST provide a way to detect their support for
    PKCE. It is RECOMMENDED for authorization servers to publish the element
    code_challenge_methods_supported in their Authorization Server Metadata ([RFC8414])
    containing the supported PKCE challenge methods". RFC 8414 §2: "If omitted, the
    authorization server does not support PKCE."

    The target supports PKCE with S256 (capability ``pkce``) and publishes metadata, so the
    metadata is where a client looks: without S256 there it reads "no PKCE". The RFC lets a
    server offer a deployment-specific way instead, so this is judged at RECOMMENDED (a
    warning), not MUST."""
    verify(
        oauth.metadata_document(),
        lists(
            "code_challenge_methods_supported",
            "S256",
            "RFC9700-2.1.1",
            "The metadata does not advertise PKCE with S256",
        ),
        level=Level.SHOULD,
    )


@pytest.mark.requirement("RFC9700-2.1.1", level="SHOULD")
@pytest.mark.catalogue(4)
@pytest.mark.kills("pkce-methods-plain-only")
def test_plain_is_not_advertised(oauth):
    """RFC 9700 §2.1.1: "When using PKCE, clients SHOULD use PKCE code challenge methods that do
    not expose the PKCE verifier in the authorization request. Otherwise, attackers that can
    read the authorization request (cf. Attacker A4 in Section 3) can break the security
    provided by PKCE. Currently, S256 is the only such method."

    A server that advertises ``plain`` invites clients to send the verifier in the clear; the
    catalogue rates that a warning. Whether plain is really accepted is #37's question."""
    verify(
        oauth.metadata_document(),
        omits(
            "code_challenge_methods_supported",
            "plain",
            "RFC9700-2.1.1",
            "The metadata advertises the plain PKCE method",
        ),
        level=Level.SHOULD,
    )
