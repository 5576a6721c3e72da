"""Tokens in the URI query (RFC 6750 §2.3) and in two places at once (RFC 6750 §2, §3.1)."""

from urllib.parse import urlencode, urlsplit, urlunsplit

import pytest

from harness.checks import (
    bearer_error_is,
    header_has_directive,
    refused,
    status_is,
    verify,
    when_successful,
)
from harness.spec import Level

pytestmark = [pytest.mark.browser]


def with_query_token(url: str, token: str) -> str:
    parts = urlsplit(url)
    query = "&".join(q for q in (parts.query, urlencode({"access_token": token})) if q)
    return urlunsplit(parts._replace(query=query))


@pytest.mark.requirement("RFC6750-2.3", "RFC9700-4.3.2", level="SHOULD")
@pytest.mark.catalogue(106)
@pytest.mark.kills("query-token-accepted")
def test_query_token_is_refused(oauth):
    """RFC 6750 §2.3: "it SHOULD NOT be used unless it is impossible to transport the access
    token in the "Authorization" request header field or the HTTP request entity-body" and
    "Server success (2XX status) responses to these requests SHOULD contain a Cache-Control
    header with the "private" option". (RFC 9700 §4.3.2 keeps such tokens out of URIs too.)"""
    oauth.require_token_control()  # the happy path works: a refusal means something
    tokens = oauth.tokens()
    response = oauth.call_api(tokens.access_token, placement="query")
    verify(
        response,
        refused("RFC6750-2.3", "The access token was accepted from the URI query"),
        when_successful(
            header_has_directive(
                "Cache-Control",
                "private",
                "RFC6750-2.3",
                "A response to a query-token request may be cached by shared caches",
            )
        ),
        level=Level.SHOULD,
    )


@pytest.mark.requirement("RFC6750-2", "RFC6750-3.1", level="SHOULD")
@pytest.mark.catalogue(105)
@pytest.mark.needs("www_authenticate")
@pytest.mark.kills("two-token-methods-accepted")
def test_token_in_header_and_query_is_invalid_request(oauth):
    """RFC 6750 §2: "Clients MUST NOT use more than one method to transmit the token in each
    request"; §3.1: invalid_request — the request "uses more than one method for including an
    access token … The resource server SHOULD respond with the HTTP 400 (Bad Request)"."""
    oauth.require_token_control()  # the happy path works: a refusal means something
    tokens = oauth.tokens()
    url = with_query_token(oauth.target.api.probe.url, tokens.access_token)
    verify(
        oauth.call_api(tokens.access_token, url=url),
        status_is(400, "RFC6750-3.1", "A token sent in the header and the query was not refused"),
        bearer_error_is("invalid_request"),
        level=Level.SHOULD,
    )
