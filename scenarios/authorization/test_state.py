"""The ``state`` parameter comes back exactly as sent (RFC 6749 §4.1.2), and only if sent."""

import secrets

import pytest

from harness.checks import (
    code_issued,
    no_server_error_page,
    param_absent,
    param_equals,
    param_in,
    verify,
    when_redirected,
)
from harness.spec import Level
from scenarios.authorization._error_paths import granted
from scenarios.authorization._states import STATES

pytestmark = [pytest.mark.browser]

URL_BUDGET = 2000  # characters of the whole authorization URL in the long-state scenario


@pytest.mark.requirement("RFC6749-4.1.2", "RFC6749-10.12")
@pytest.mark.catalogue(22)
@pytest.mark.kills("state-dropped", "state-truncated")
@pytest.mark.parametrize("state", list(STATES.values()), ids=list(STATES))
def test_state_is_echoed_exactly(oauth, state):
    """RFC 6749 §4.1.2: "state: REQUIRED if the "state" parameter was present in the client
    authorization request. The exact value received from the client."""
    grant = oauth.authorize(oauth.request(state=state))
    callback = grant.require_response()
    verify(
        callback.url,
        param_equals("state", state, "RFC6749-4.1.2", "The state was not echoed exactly"),
    )


def _without_state(oauth, request):
    """The request (sent without a state value) behind a control: the callback URL when a code
    was issued; otherwise a MAY-level finding that the server requires state, and None."""
    answer = oauth.attempt(request).require_answer()
    verify(
        answer,
        code_issued(
            "RFC6749-4.1.1",
            "The server requires state (RFC 6749 §4.1.1 makes it RECOMMENDED, not REQUIRED)",
        ),
        level=Level.MAY,
    )
    return answer if granted(answer) else None


@pytest.mark.requirement("RFC6749-4.1.2", "RFC6749-4.1.1")
@pytest.mark.catalogue(24)
@pytest.mark.kills("state-none-literal")
def test_no_state_sent_none_returned(oauth):
    """RFC 6749 §4.1.1: state is "RECOMMENDED", so a request without it is valid; §4.1.2:
    state is "REQUIRED if the "state" parameter was present in the client authorization request.
    The exact value received from the client." Nothing was received, so nothing comes back
    (not ``state=None``, not ``state=``). A server that refuses such a request is recorded as
    information: it is stricter than the RFC, not wrong."""
    answer = _without_state(oauth, oauth.request(state=None))
    if answer is not None:
        verify(
            answer,
            param_absent(
                "state", "RFC6749-4.1.2", "A request without state got a state back anyway"
            ),
        )


@pytest.mark.requirement("RFC6749-3.1", "RFC6749-4.1.2")
@pytest.mark.catalogue(41)
@pytest.mark.kills("empty-state-echoed")
def test_empty_state_is_treated_as_omitted(oauth):
    """RFC 6749 §3.1: "Parameters sent without a value MUST be treated as if they were omitted
    from the request." ``state=`` is no state: the callback carries no ``state`` at all."""
    answer = _without_state(oauth, oauth.request(state=""))
    if answer is not None:
        verify(
            answer,
            param_absent(
                "state", "RFC6749-3.1", "An empty state was not treated as omitted (echoed back)"
            ),
        )


@pytest.mark.requirement("RFC6749-4.1.2", "RFC6749-4.1.2.1")
@pytest.mark.catalogue(25)
@pytest.mark.kills("state-truncated", "long-state-500")
def test_very_long_state_is_echoed_or_refused(oauth):
    """RFC 6749 §4.1.2: the state comes back as "The exact value received from the client";
    a server that will not store a long value may refuse the request (invalid_request, the
    state still echoed exactly, §4.1.2.1), but never truncate it, and never fail with a server
    error (an unexpected condition is reported as server_error by redirect, §4.1.2.1).

    The state is as long as the authorization URL allows within 2000 characters (about
    1.7 KiB; the catalogue's example is 2 KiB): past 2048 characters common web stacks drop a
    URL on their own (Django's sign-in refuses to return to one), which no OAuth rule covers."""
    base = len(oauth.request(state="").url())
    length = max(1024, URL_BUDGET - base)
    state = secrets.token_urlsafe(length)[:length]  # nothing to encode
    grant = oauth.attempt(oauth.request(state=state))
    answer = grant.require_answer()
    verify(
        grant.outcome.navigations,
        no_server_error_page(
            oauth.target.endpoints.authorization,
            "RFC6749-4.1.2.1",
            f"A state of {length} characters crashed the authorization endpoint",
        ),
    )
    checks = [param_equals("state", state, "RFC6749-4.1.2", "A long state was not echoed exactly")]
    if not granted(answer):
        checks.append(
            param_in(
                "error",
                {"invalid_request"},
                "RFC6749-4.1.2.1",
                "A long state was refused without invalid_request",
            )
        )
    verify(answer, *(when_redirected(check) for check in checks))
