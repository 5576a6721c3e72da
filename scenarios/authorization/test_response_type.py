"""A missing or unknown response_type is an error, reported to the client with its state."""

import pytest

from harness.checks import no_code_issued, param_equals, param_in, verify, when_redirected

pytestmark = [pytest.mark.browser]


@pytest.mark.requirement("RFC6749-3.1.1", "RFC6749-4.1.2.1")
@pytest.mark.catalogue(27)
@pytest.mark.kills("error-redirect-drops-state")
def test_missing_response_type_is_refused(oauth):
    """RFC 6749 §3.1.1: "If an authorization request is missing the "response_type" parameter,
    or if the response type is not understood, the authorization server MUST return an error
    response as described in Section 4.1.2.1" (invalid_request: "missing a required parameter",
    with the exact state). The catalogue also accepts an error page: no redirect, no code."""
    request = oauth.request().but(response_type=None)
    grant = oauth.attempt(request)
    verify(
        grant.require_answer(),
        no_code_issued("RFC6749-3.1.1", "A request without response_type was granted a code"),
        when_redirected(
            param_in(
                "error",
                {"invalid_request", "unsupported_response_type"},
                "RFC6749-4.1.2.1",
                "A request without response_type was not refused with the right error",
            )
        ),
        when_redirected(
            param_equals(
                "state",
                request.state,
                "RFC6749-4.1.2.1",
                "The error redirect did not echo the state exactly",
            )
        ),
    )


@pytest.mark.requirement("RFC6749-3.1.1", "RFC6749-4.1.2.1")
@pytest.mark.catalogue(28)
@pytest.mark.kills("error-redirect-drops-state")
def test_unknown_response_type_is_refused(oauth):
    """RFC 6749 §3.1.1: "If an authorization request is missing the "response_type" parameter, or
    if the response type is not understood, the authorization server MUST return an error
    response as described in Section 4.1.2.1" — unsupported_response_type, with the exact
    state."""
    request = oauth.request().but(response_type="foo")
    callback = oauth.attempt(request).require_response()
    verify(
        callback.url,
        param_equals(
            "error",
            "unsupported_response_type",
            "RFC6749-4.1.2.1",
            "An unknown response_type was not refused with unsupported_response_type",
        ),
        param_equals(
            "state",
            request.state,
            "RFC6749-4.1.2.1",
            "The error redirect did not echo the state exactly",
        ),
    )
