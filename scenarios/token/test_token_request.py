"""How the token endpoint treats the request itself: unknown parameters (RFC 6749 §3.2), client
credentials in the URI (§2.3.1), and the HTTP method (§3.2)."""

from urllib.parse import urlencode

import pytest

from harness.checks import (
    json_field_absent,
    json_field_present,
    refused,
    status_is,
    token_error,
    verify,
)
from harness.flows import client_auth, token_request

pytestmark = [pytest.mark.browser]

UNKNOWN = ("harness_unknown_parameter", "1")


def _code_fields(oauth, grant):
    """The exchange's own parameters (RFC 6749 §4.1.3), without any client authentication."""
    request = grant.request
    fields = [
        ("grant_type", "authorization_code"),
        ("code", grant.require_code()),
        ("redirect_uri", request.redirect_uri),
    ]
    if request.pkce is not None:
        fields.append(("code_verifier", request.pkce.verifier))
    return [(k, v) for k, v in fields if v is not None]


def _with_query(url, pairs):
    return url + ("&" if "?" in url else "?") + urlencode(pairs)


@pytest.mark.requirement("RFC6749-3.2")
@pytest.mark.catalogue(70)
@pytest.mark.kills("unknown-token-params-rejected")
def test_unknown_token_parameter_is_ignored(oauth):
    """RFC 6749 §3.2: "The authorization server MUST ignore unrecognized request parameters."
    An otherwise valid exchange carrying one more parameter gets its tokens."""
    response = oauth.exchange(oauth.authorize(), extra=[UNKNOWN])
    verify(
        response,
        status_is(200, "RFC6749-3.2", "A token request with an unknown parameter was refused"),
        json_field_present("access_token", "RFC6749-3.2"),
    )


@pytest.mark.requirement("RFC6749-2.3.1", "RFC6749-5.2")
@pytest.mark.catalogue(65)
@pytest.mark.kills("client-credentials-in-query")
def test_client_credentials_in_the_request_uri_are_refused(oauth):
    """RFC 6749 §2.3.1: "The parameters can only be transmitted in the request-body and MUST
    NOT be included in the request URI." An exchange whose client_id and client_secret are in
    the token endpoint's query (the body holds the rest) must not authenticate the client."""
    client = oauth.client()
    if client.secret is None:
        pytest.skip(f"target {oauth.target.name}'s primary client has no secret to misplace")
    oauth.require_token_control()  # the happy path works: a refusal means something
    grant = oauth.authorize()
    url = _with_query(
        oauth.target.endpoints.token, [("client_id", client.id), ("client_secret", client.secret)]
    )
    response = token_request(oauth.http, url, _code_fields(oauth, grant))
    verify(response, *token_error("invalid_client", "invalid_request", ref="RFC6749-2.3.1"))


@pytest.mark.requirement("RFC6749-3.2")
@pytest.mark.catalogue(67)
@pytest.mark.kills("token-get-accepted")
def test_get_to_the_token_endpoint_gets_no_token(oauth):
    """RFC 6749 §3.2: "The client MUST use the HTTP POST method when making access token
    requests." A valid exchange sent as GET (its parameters in the query, the client
    authenticated by HTTP Basic so no secret is in the URI) gets no token."""
    oauth.require_token_control()  # the happy path works: a refusal means something
    grant = oauth.authorize()
    client = oauth.client()
    fields, headers = client_auth(client, "client_secret_basic" if client.secret else None)
    url = _with_query(oauth.target.endpoints.token, _code_fields(oauth, grant) + fields)
    response = oauth.http.send("GET", url, headers=headers)
    verify(
        response,
        refused("RFC6749-3.2", "A GET to the token endpoint was answered with success"),
        json_field_absent(
            "access_token", "RFC6749-3.2", "The token endpoint issued a token for a GET request"
        ),
    )
