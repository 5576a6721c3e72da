"""Whole families of hostile redirect URIs are refused (RFC 9700 §4.1.3, §2.1; RFC 6749 §4.1.2.1).

Each variant is built from the redirect URI the flow really sends (its port included), then
sent with the registered client in a signed-in browser. The listed payloads come first, then a
bounded, reproducible search over their recombinations (``harness.attacks``). A variant passes
when the server answered (its error page) and the browser carried no code and no error to it.
"""

import pytest

from harness.checks import no_server_error_page
from scenarios.authorization._refusals import refuses_each

pytestmark = [pytest.mark.browser, pytest.mark.heavy]  # many authorizations each

EXACT = (
    'RFC 9700 §4.1.3: "the authorization server MUST ensure that the redirect URI in the '
    'authorization request exactly matches one of the redirect URIs registered for the client"'
)


@pytest.mark.requirement("RFC9700-4.1.3", "RFC6749-3.1.2.3", "RFC6749-4.1.2.1")
@pytest.mark.catalogue(11)
@pytest.mark.kills("redirect-uri-normalized", "redirect-uri-prefix")
def test_path_confusion_is_refused(oauth):
    """RFC 9700 §4.1.3: "the authorization server MUST ensure that the redirect URI in the
    authorization request exactly matches one of the redirect URIs registered for the client,
    with the exception of the port number of localhost redirection URIs"; RFC 6749 §3.1.2.3:
    "using simple string comparison". Path traversal, encoded and double-encoded separators,
    ``;`` parameters and CR/LF after or before the registered path."""
    refuses_each(oauth, "path", "RFC9700-4.1.3", "A path-confused redirect URI was not refused")


@pytest.mark.requirement("RFC9700-4.1.3", "RFC8252-7.3", "RFC6749-4.1.2.1")
@pytest.mark.catalogue(12)
@pytest.mark.kills("loopback-authority-confusion", "loopback-ip-forms")
def test_authority_confusion_is_refused(oauth):
    """RFC 9700 §4.1.3: the redirect URI MUST exactly match a registered one, "with the
    exception of the port number of localhost redirection URIs of native apps"; RFC 8252 §7.3:
    only the port may vary. Userinfo tricks (``127.0.0.1:1@attacker.example``), host suffixes,
    other spellings of the loopback address, sibling hosts and changed ports are refused."""
    refuses_each(
        oauth,
        "authority",
        "RFC9700-4.1.3",
        "A redirect URI with a different authority was not refused",
    )


@pytest.mark.requirement("RFC9700-2.1", "RFC9700-4.1.3", "RFC6749-3.1.2.3")
@pytest.mark.catalogue(13)
@pytest.mark.kills("redirect-uri-scheme-ignored", "redirect-uri-case-insensitive")
def test_scheme_and_case_changes_are_refused(oauth):
    """RFC 9700 §2.1: "authorization servers MUST utilize exact string matching" of redirect
    URIs; RFC 6749 §3.1.2.3: "simple string comparison". The other scheme (an https URI's
    http form: a downgrade), an app's custom scheme, and the path in other letter case."""
    refuses_each(
        oauth,
        "scheme-and-case",
        "RFC9700-2.1",
        "A redirect URI with another scheme or letter case was not refused",
    )


@pytest.mark.requirement("RFC9700-4.1.3", "RFC9700-2.1", "RFC6749-3.1")
@pytest.mark.catalogue(15)
@pytest.mark.kills("redirect-uri-prefix")
def test_polluted_redirect_uri_is_refused(oauth):
    """RFC 9700 §4.1.3: exact matching, so the registered URI with added parameters (an
    attacker's ``code``, ``state`` or a second ``redirect_uri``) is not the registered URI,
    and a code never reaches a callback that already carries the attacker's."""
    refuses_each(
        oauth,
        "pollution",
        "RFC9700-4.1.3",
        "A redirect URI with added parameters was not refused",
    )


@pytest.mark.requirement("RFC6749-3.1.2", "RFC6749-3.1.2.4", "RFC6749-4.1.2.1")
@pytest.mark.catalogue(18, 21)
@pytest.mark.kills("redirect-uri-fragment-accepted", "malformed-redirect-uri-500")
def test_malformed_redirect_uri_gets_an_error_page(oauth):
    """RFC 6749 §3.1.2: "The redirection endpoint URI MUST be an absolute URI … The endpoint
    URI MUST NOT include a fragment component"; §3.1.2.4: "the authorization server SHOULD
    inform the resource owner of the error and MUST NOT automatically redirect the user-agent
    to the invalid redirection URI". An unclosed ``[``, a bad port, a space, CR/LF, a
    fragment, a relative or scriptable URI: no redirect (MUST), and an error page rather than a
    server error (SHOULD: catalogue #21)."""
    refuses_each(
        oauth,
        "malformed",
        "RFC6749-3.1.2.4",
        "A malformed redirect URI was not refused with an error page",
        also=lambda server: no_server_error_page(
            server, "RFC6749-3.1.2.4", "A malformed redirect URI crashed the server (5xx)"
        ),
    )
