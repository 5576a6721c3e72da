"""A Host or X-Forwarded-Host header cannot redirect the user elsewhere (catalogue #116)."""

import pytest

from harness.checks import generated_urls, urls_avoid_host, verify

INJECTED_HOST = "attacker.example"  # only sent as a header: every request goes to the target


@pytest.mark.requirement("RFC9700-4.13", "RFC9700-4.11")
@pytest.mark.catalogue(116)
@pytest.mark.kills("host-header-links")
@pytest.mark.parametrize("header", ["Host", "X-Forwarded-Host"])
def test_injected_host_does_not_reach_generated_urls(oauth, header):
    """RFC 9700 §4.13: "If the reverse proxy passes through any header sent from the outside,
    an attacker could try to directly send the faked header values through the proxy to the
    application server in order to circumvent security controls that way. … A reverse proxy
    MUST therefore sanitize any inbound requests to ensure the authenticity and integrity of
    all header values relevant for the security of the application servers." §4.11: "OAuth
    authorization servers regularly redirect users to other websites (the clients), but must
    do so safely."

    The same well-formed authorization request is sent twice (no browser), to the target's own
    address: plain, then with ``header: attacker.example``. The plain answer must hold URLs the
    server built (a ``Location``, or a form's action), or there is nothing to judge (a skip).
    The injected answer's ``Location`` and form actions must not name attacker.example: a
    sign-in form posting there would hand the user's password to whoever poisoned a cache or a
    link. Refusing the request (400, 421) passes."""
    url = oauth.request().url()
    accept = ("Accept", "text/html")
    if not generated_urls(oauth.http.send("GET", url, headers=[accept])):
        oauth.skip("the authorization endpoint's answer holds no Location and no form action")
    injected = oauth.http.send("GET", url, headers=[accept, (header, INJECTED_HOST)])
    verify(
        injected,
        urls_avoid_host(
            INJECTED_HOST,
            "RFC9700-4.13",
            f"A {header} header sent by the client decides where the server sends the user",
        ),
    )
