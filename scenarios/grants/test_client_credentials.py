"""The client credentials grant (RFC 6749 §4.4), where the target offers it; and, where it does
not, that it is not served anyway."""

import pytest

from harness.checks import (
    expires_in_is_positive_integer,
    header_has_directive,
    json_field_absent,
    json_field_present,
    media_type_is,
    refused,
    scope_excludes,
    status_in,
    status_is,
    token_error,
    token_type_is_bearer,
    verify,
)
from harness.flows import Tokens
from harness.spec import Level

UNREGISTERED_SCOPE = "harness-unregistered-scope"  # a scope no client is registered for


@pytest.mark.requirement("RFC6749-4.4.2", "RFC6749-3.2.1", "RFC6749-5.2")
@pytest.mark.catalogue(109)
@pytest.mark.kills("client-credentials-auth-unchecked")
@pytest.mark.parametrize("credentials", ["none", "wrong-secret"])
def test_client_credentials_require_client_authentication(oauth, credentials):
    """RFC 6749 §4.4.2: "The client MUST authenticate with the authorization server as described
    in Section 3.2.1." A request with client_id alone, or with a wrong secret, is refused with
    invalid_client (§5.2), after a plain client credentials request succeeded."""
    oauth.require_client_credentials()
    client = oauth.client()
    if credentials == "none":
        response = oauth.client_credentials(authenticate=False)
    else:
        response = oauth.client_credentials(secret="harness-wrong-secret-0")
    basic = credentials == "wrong-secret" and client.auth_method == "client_secret_basic"
    verify(response, *token_error("invalid_client", basic=basic, ref="RFC6749-4.4.2"))


@pytest.mark.requirement("RFC6749-4.4", "RFC6749-5.2")
@pytest.mark.needs("public_client")
@pytest.mark.kills("client-credentials-public-client")
def test_client_credentials_refused_to_a_public_client(oauth):
    """RFC 6749 §4.4: "The client credentials grant type MUST only be used by confidential
    clients." A public client (no secret) asking for it is refused: unauthorized_client ("The
    authenticated client is not authorized to use this authorization grant type", §5.2), or
    invalid_client for a server that will not authenticate a client without credentials."""
    oauth.require_client_credentials()
    response = oauth.client_credentials("public")
    verify(response, *token_error("unauthorized_client", "invalid_client", ref="RFC6749-4.4"))


@pytest.mark.requirement("RFC6749-4.4.3", level="SHOULD")
@pytest.mark.catalogue(94)
@pytest.mark.kills("client-credentials-refresh-token")
def test_client_credentials_issue_no_refresh_token(oauth):
    """RFC 6749 §4.4.3: "If the access token request is valid and authorized, the authorization
    server issues an access token as described in Section 5.1. A refresh token SHOULD NOT be
    included." The client can always ask again with its own credentials."""
    response = oauth.require_client_credentials()
    verify(
        response,
        json_field_absent(
            "refresh_token",
            "RFC6749-4.4.3",
            "The client credentials grant issued a refresh token",
        ),
        level=Level.SHOULD,
    )


@pytest.mark.requirement("RFC6749-3.3", "RFC9700-2.3", "RFC6749-5.2")
@pytest.mark.kills(
    "client-credentials-scope-unlimited", "client-scope-unlimited", "unknown-scope-ignored-silently"
)
def test_client_credentials_scope_is_limited_to_the_client(oauth):
    """RFC 9700 §2.3: "authorization servers SHOULD take into account the client identity and
    MUST restrict the privileges of the access tokens to the minimum required"; RFC 6749 §3.3:
    the server "MAY fully or partially ignore the scope requested … If the issued access token
    scope is different from the one requested by the client, the authorization server MUST
    include the "scope" response parameter". The client's own scope plus one it is not
    registered for (no client is) is refused with invalid_scope, or granted without it, saying
    so in ``scope``."""
    oauth.require_client_credentials()
    requested = " ".join([*oauth.client().scope.split(), UNREGISTERED_SCOPE])
    response = oauth.client_credentials(scope=requested)
    if _succeeded(response):
        verify(
            response,
            scope_excludes(
                {UNREGISTERED_SCOPE},
                requested,
                "RFC9700-2.3",
                "The client credentials token holds a scope the client is not registered for",
            ),
        )
    else:
        verify(response, *token_error("invalid_scope", ref="RFC6749-3.3"))


@pytest.mark.requirement("RFC6749-4.4.3", "RFC6750-2.1")
@pytest.mark.kills("client-credentials-token-unusable")
def test_client_credentials_token_works_at_the_api(oauth):
    """RFC 6749 §4.4: the client "can request an access token using only its client credentials
    … when the client is requesting access to the protected resources under its control"; §7:
    the client "accesses protected resources by presenting the access token". The API probe
    (``[api.probe]``) accepts the token (any 2xx)."""
    tokens = Tokens.from_exchange(oauth.require_client_credentials())
    answer = oauth.call_api(tokens.access_token)
    verify(
        answer,
        status_in(
            range(200, 300),
            "RFC6749-4.4.3",
            "The API refused the access token the client credentials grant issued",
        ),
    )


@pytest.mark.requirement("RFC6749-5.1", "RFC6749-4.4.3")
@pytest.mark.kills(
    "token-response-not-json", "no-cache-headers", "token-type-not-bearer", "expires-in-missing"
)
def test_client_credentials_token_response(oauth):
    """RFC 6749 §4.4.3: the server "issues an access token as described in Section 5.1"; §5.1:
    "application/json", "Cache-Control … no-store", token_type REQUIRED (Bearer, RFC 6750 §4),
    expires_in RECOMMENDED: the rules every token response of the code exchange is held to."""
    response = oauth.require_client_credentials()
    verify(
        response,
        status_is(200, "RFC6749-5.1", "The client credentials request did not succeed"),
        media_type_is("application/json", "RFC6749-5.1"),
        header_has_directive(
            "Cache-Control", "no-store", "RFC6749-5.1", "The token response may be cached"
        ),
        json_field_present("access_token", "RFC6749-5.1"),
        token_type_is_bearer(),
    )
    verify(response, expires_in_is_positive_integer(), level=Level.SHOULD)


@pytest.mark.browser  # the token control authorizes in the browser
@pytest.mark.requirement("RFC8414-2", "RFC6749-5.2", level="SHOULD")
@pytest.mark.catalogue(109)
@pytest.mark.kills("client-credentials-unadvertised")
def test_client_credentials_not_served_where_not_offered(oauth):
    """RFC 8414 §2: grant_types_supported is the "list of the OAuth 2.0 grant type values that
    this authorization server supports". Where the target neither declares nor advertises the
    client credentials grant, a request for it (with the primary client's real credentials) is
    refused with unsupported_grant_type (or unauthorized_client, §5.2). Serving it anyway is a
    warning: no RFC keyword makes the list complete, but clients and auditors read the
    metadata (or the target file) as the server's attack surface."""
    offered = oauth.offered_grants()
    if "client_credentials" in offered:
        pytest.skip(
            f"target {oauth.target.name}: {offered.offered_because('client_credentials')}, "
            "so there is no unadvertised grant to probe"
        )
    oauth.require_token_control()
    response = oauth.client_credentials()
    verify(
        response,
        refused(
            "RFC8414-2",
            f"The server serves client_credentials, though "
            f"{offered.not_offered_because('client_credentials')}",
        ),
        level=Level.SHOULD,
    )
    if not _succeeded(response):
        verify(response, *token_error("unsupported_grant_type", "unauthorized_client"))


def _succeeded(response):
    return response.status is not None and 200 <= response.status < 300
