"""The metadata advertises what the server does, and the server does what it advertises
(catalogue #6). Not a MUST anywhere: every disagreement is a warning.

The grant types beyond the code flow (client credentials, device, token exchange) are judged
by their own scenarios; here only the code flow, the refresh grant and client authentication
at the token endpoint are compared.
"""

import pytest

from harness.checks import lists, refused, status_is, supported, verify
from harness.spec import Level

pytestmark = [pytest.mark.browser, pytest.mark.needs("metadata")]

AUTH_METHODS = "token_endpoint_auth_methods_supported"


@pytest.mark.requirement("RFC8414-2", level="SHOULD")
@pytest.mark.catalogue(6)
@pytest.mark.kills("refresh-grant-unadvertised")
def test_metadata_advertises_the_code_flow_it_serves(oauth):
    """RFC 8414 §2: "response_types_supported REQUIRED. JSON array containing a list of the
    OAuth 2.0 "response_type" values that this authorization server supports";
    "grant_types_supported OPTIONAL. JSON array containing a list of the OAuth 2.0 grant type
    values that this authorization server supports. … If omitted, the default value is
    ["authorization_code", "implicit"]."

    First the whole happy path runs (the control): a code, its exchange, the API and, when the
    target refreshes (capability ``refresh``), a refresh. Then the metadata must list what just
    worked: response type ``code``, grant ``authorization_code`` and, for a refreshing target,
    grant ``refresh_token``."""
    oauth.require_token_control()
    checks = [
        lists(
            "response_types_supported",
            "code",
            "RFC8414-2",
            "The metadata does not list the code response type the server serves",
        ),
        lists(
            "grant_types_supported",
            "authorization_code",
            "RFC8414-2",
            "The metadata does not list the authorization_code grant the server serves",
        ),
    ]
    if oauth.target.capabilities.refresh:
        checks.append(
            lists(
                "grant_types_supported",
                "refresh_token",
                "RFC8414-2",
                "The metadata does not list the refresh_token grant the server serves",
            )
        )
    verify(oauth.metadata_document(), *checks, level=Level.SHOULD)


def _judge_auth_method(oauth, method):
    """Exchange a fresh code with the primary client authenticating by ``method``: accepted if
    the metadata advertises the method (RFC 8414 §2 default: client_secret_basic alone),
    refused if it does not."""
    if oauth.client().secret is None:
        oauth.skip(f"the primary client has no secret: {method} cannot be tried")
    oauth.require_token_control()  # the code flow works with the client's own method
    advertised = method in (supported(oauth.metadata_document(), AUTH_METHODS) or ())
    exchange = oauth.exchange(oauth.authorize(), auth=method)
    if advertised:
        check = status_is(
            200,
            "RFC8414-2",
            f"The metadata advertises {method}, but the token endpoint refused it",
        )
    else:
        check = refused(
            "RFC8414-2",
            f"The metadata does not advertise {method}, but the token endpoint accepted it",
        )
    verify(exchange, check, level=Level.SHOULD)


@pytest.mark.requirement("RFC8414-2", "RFC6749-2.3.1", level="SHOULD")
@pytest.mark.catalogue(6)
@pytest.mark.kills("basic-auth-refused")
def test_client_secret_basic_works_as_advertised(oauth):
    """RFC 8414 §2: "token_endpoint_auth_methods_supported OPTIONAL. JSON array containing a
    list of client authentication methods supported by this token endpoint. … If omitted, the
    default is "client_secret_basic" -- the HTTP Basic Authentication Scheme specified in
    Section 2.3.1 of OAuth 2.0 [RFC6749]."

    The primary (confidential) client exchanges a code with HTTP Basic: it must work when the
    metadata advertises client_secret_basic (or omits the list), and be refused otherwise. A
    per-client registration (RFC 7591 ``token_endpoint_auth_method``) can explain a refusal,
    hence a warning. (RFC 6749 §2.3.1 also says the server MUST support Basic; #62 judges
    Basic itself.)"""
    _judge_auth_method(oauth, "client_secret_basic")


@pytest.mark.requirement("RFC8414-2", level="SHOULD")
@pytest.mark.catalogue(6)
@pytest.mark.kills("auth-methods-unadvertised")
def test_client_secret_post_works_as_advertised(oauth):
    """RFC 8414 §2: "token_endpoint_auth_methods_supported OPTIONAL. JSON array containing a
    list of client authentication methods supported by this token endpoint. … If omitted, the
    default is "client_secret_basic"".

    The primary client exchanges a code with its credentials in the body (RFC 6749 §2.3.1):
    it must work when the metadata lists client_secret_post, and be refused when it does not
    (an omitted list means Basic alone). A client that trusts the metadata cannot find a method
    it does not list, and a server accepting unlisted methods has metadata out of step."""
    _judge_auth_method(oauth, "client_secret_post")
