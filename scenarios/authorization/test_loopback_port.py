"""A loopback redirect URI may be sent on any port (RFC 8252 §7.3, RFC 9700 §4.1.3)."""

import socket

import pytest

from harness.checks import navigated_to, param_present, verify

pytestmark = [pytest.mark.browser]


def _free_port(host):
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.bind((host, 0))
        return probe.getsockname()[1]


@pytest.mark.requirement("RFC8252-7.3", "RFC9700-4.1.3")
@pytest.mark.catalogue(19)
@pytest.mark.needs("loopback_any_port")
@pytest.mark.kills("loopback-port-fixed")
def test_loopback_redirect_uri_accepts_any_port(oauth):
    """RFC 8252 §7.3: "The authorization server MUST allow any port to be specified at the time
    of the request for loopback IP redirect URIs, to accommodate clients that obtain an
    available ephemeral port from the operating system at the time of the request." The URI is
    the registered one on a port nothing listens on: the callback is caught from the browser's
    request log."""
    registered = oauth.client().redirect
    uri = registered.with_port(_free_port("::1" if registered.host == "::1" else "127.0.0.1"))
    grant = oauth.authorize(oauth.request(redirect_uri=uri), callback=uri)
    grant.require_answer()  # no answer at all is no verdict (a refusal page is an answer)
    verify(
        grant.outcome.navigations,
        navigated_to(uri, "RFC8252-7.3", "A loopback redirect URI on another port was refused"),
    )
    verify(
        grant.require_response().url,
        param_present("code", "RFC8252-7.3", "The loopback redirect carried no code"),
    )
