"""The code exchange happy path: what a successful token response must look like."""

import pytest

from harness.checks import (
    header_has_directive,
    json_field_present,
    media_type_is,
    status_is,
    token_type_is_bearer,
    verify,
)
from harness.spec import Level

pytestmark = [pytest.mark.browser]


@pytest.mark.requirement("RFC6749-4.1.3", "RFC6749-5.1")
@pytest.mark.catalogue(49)
@pytest.mark.kills("token-type-not-bearer")
def test_code_exchange_issues_bearer_token(oauth):
    """RFC 6749 §5.1: "The authorization server issues an access token and optional refresh token
    … token_type REQUIRED"; §7.1: the bearer type is named "Bearer" (case-insensitive)."""
    grant = oauth.authorize()
    response = oauth.exchange(grant)
    verify(
        response,
        status_is(200, "RFC6749-5.1", "The code exchange did not succeed"),
        json_field_present("access_token", "RFC6749-5.1"),
        token_type_is_bearer(),
    )


@pytest.mark.requirement("RFC6749-5.1")
@pytest.mark.catalogue(50)
@pytest.mark.kills("token-response-not-json")
def test_token_response_is_json(oauth):
    """RFC 6749 §5.1: "The parameters are included in the entity-body of the HTTP response using
    the "application/json" media type"."""
    response = oauth.exchange(oauth.authorize())
    verify(
        response, status_is(200, "RFC6749-5.1"), media_type_is("application/json", "RFC6749-5.1")
    )


@pytest.mark.requirement("RFC6749-5.1")
@pytest.mark.catalogue(51)
@pytest.mark.kills("no-cache-headers")
def test_token_response_is_not_cached(oauth):
    """RFC 6749 §5.1: "The authorization server MUST include the HTTP "Cache-Control" response
    header field with a value of "no-store" in any response containing tokens … as well as the
    "Pragma" response header field with a value of "no-cache"."

    Cache-Control: no-store is held to RFC 6749 at MUST. Pragma is held to RFC 6749 §5.1 at
    SHOULD only: HTTP caching has since deprecated it (RFC 9111 §5.4: "The "Pragma" header field
    is deprecated"), and OAuth 2.1 asks for Cache-Control alone, so its absence is a warning."""
    response = oauth.exchange(oauth.authorize())
    verify(
        response,
        status_is(200, "RFC6749-5.1"),
        header_has_directive(
            "Cache-Control", "no-store", "RFC6749-5.1", "The token response may be cached"
        ),
    )
    verify(
        response,
        header_has_directive(
            "Pragma", "no-cache", "RFC6749-5.1", "The token response carries no Pragma: no-cache"
        ),
        level=Level.SHOULD,
    )
