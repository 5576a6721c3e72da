"""Authorization errors go back to the client with the error code and the request's state."""

import pytest

from harness.checks import param_absent, param_equals, verify

pytestmark = [pytest.mark.browser]


@pytest.mark.requirement("RFC6749-4.1.2.1")
@pytest.mark.catalogue(23, 110)
@pytest.mark.kills("error-redirect-drops-state")
def test_denied_consent_redirects_access_denied_with_state(oauth):
    """RFC 6749 §4.1.2.1: "If the resource owner denies the access request … the authorization
    server informs the client by adding the following parameters to the query component of the
    redirection URI": error REQUIRED ("access_denied: The resource owner or authorization server
    denied the request"); state "REQUIRED if a "state" parameter was present in the client
    authorization request. The exact value received from the client." No code is issued."""
    grant = oauth.attempt(decision="deny")
    callback = grant.require_response()
    verify(
        callback.url,
        param_equals(
            "error",
            "access_denied",
            "RFC6749-4.1.2.1",
            "Denying consent did not give access_denied",
        ),
        param_equals(
            "state",
            grant.request.state,
            "RFC6749-4.1.2.1",
            "The error redirect did not echo the state exactly",
        ),
        param_absent("code", "RFC6749-4.1.2.1", "Denying consent still issued a code"),
    )
