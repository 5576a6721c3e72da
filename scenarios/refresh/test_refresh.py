"""Refreshing an access token (RFC 6749 §6)."""

import pytest

from harness.checks import (
    header_has_directive,
    json_field_differs,
    media_type_is,
    status_is,
    verify,
)
from harness.flows import Tokens
from harness.spec import Level

pytestmark = [pytest.mark.browser]


@pytest.mark.requirement("RFC6749-6", "RFC6749-5.1")
@pytest.mark.catalogue(83)
@pytest.mark.needs("refresh")
@pytest.mark.kills("no-cache-headers")
def test_refresh_issues_new_working_access_token(oauth):
    """RFC 6749 §6: "If valid and authorized, the authorization server issues an access token as
    described in Section 5.1" — JSON, not cacheable, and usable at the protected resource."""
    tokens = oauth.tokens()
    response = oauth.refresh(tokens.require_refresh_token())
    verify(
        response,
        status_is(200, "RFC6749-6", "A valid refresh token was refused"),
        media_type_is("application/json", "RFC6749-5.1"),
        json_field_differs(
            "access_token",
            tokens.access_token,
            "RFC6749-6",
            "The refresh issued no new access token",
        ),
        header_has_directive(
            "Cache-Control", "no-store", "RFC6749-5.1", "The refresh response may be cached"
        ),
    )
    # Pragma at SHOULD: RFC 9111 §5.4 deprecated it (see test_token_response_is_not_cached).
    verify(
        response,
        header_has_directive(
            "Pragma", "no-cache", "RFC6749-5.1", "The refresh response carries no Pragma: no-cache"
        ),
        level=Level.SHOULD,
    )
    fresh = Tokens.from_exchange(response)
    verify(
        oauth.call_api(fresh.access_token),
        status_is(
            200, "RFC6749-6", "The refreshed access token does not work at the protected resource"
        ),
    )
