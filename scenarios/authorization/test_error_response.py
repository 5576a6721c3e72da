"""Authorization errors go back to the client with the error code and the request's state."""

import pytest

from harness.checks import (
    only_params,
    param_absent,
    param_equals,
    param_in,
    params_not_in_fragment,
    query_params,
    verify,
)
from harness.spec import Level
from scenarios.authorization._error_paths import (
    AUTHORIZATION_ERROR_CODES,
    ERROR_PATHS,
    ERROR_REDIRECT_PARAMS,
    provoke,
)

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


@pytest.mark.requirement("RFC6749-4.1.2.1")
@pytest.mark.catalogue(110)
@pytest.mark.kills("error-in-fragment", "error-redirect-carries-code")
@pytest.mark.parametrize("path", ERROR_PATHS, ids=[p.name for p in ERROR_PATHS])
def test_error_redirect_is_well_formed(oauth, path):
    """RFC 6749 §4.1.2.1: the server "informs the client by adding the following parameters to
    the query component of the redirection URI": error (one of invalid_request,
    unauthorized_client, access_denied, unsupported_response_type, invalid_scope,
    server_error, temporarily_unavailable), error_description, error_uri, state; RFC 9207 §2
    adds iss. No code (the request was not granted). Parameters beyond those are a warning
    (the client must ignore them, but an error response has no use for them). A denied
    consent, an unknown scope and an unsupported response_type (the last two where the server
    redirects them)."""
    grant, url = provoke(oauth, path)
    verify(
        grant.outcome.locations,
        params_not_in_fragment(
            ("error", "error_description", "state", "code"),
            "RFC6749-4.1.2.1",
            f"The {path.name} error was sent in the fragment",
        ),
    )
    verify(
        url,
        param_in(
            "error",
            AUTHORIZATION_ERROR_CODES,
            "RFC6749-4.1.2.1",
            f"The {path.name} error redirect does not carry an RFC 6749 error code in its query",
        ),
        param_absent("code", "RFC6749-4.1.2.1", f"The {path.name} error redirect carries a code"),
    )
    own = set(query_params(grant.request.redirect_uri or ""))  # the client's, not the server's
    verify(
        url,
        only_params(
            ERROR_REDIRECT_PARAMS | own,
            "RFC6749-4.1.2.1",
            f"The {path.name} error redirect carries unexpected parameters",
        ),
        level=Level.SHOULD,
    )
