"""Every state value the success path echoes comes back exactly on the error paths too
(RFC 6749 §4.1.2.1), form-encoded on the redirect URI (RFC 6749 Appendix B).

Issue 7, field case 4: ``state=a&b=c#d`` (sent encoded), then Deny: the error redirect carried
the state unencoded, so the client read ``state=a``.
"""

import pytest

from harness.checks import Violation, param_equals, verify
from scenarios.authorization._error_paths import ERROR_PATHS, attempt_error, provoke
from scenarios.authorization._states import QUERY_SYNTAX, STATES

pytestmark = [pytest.mark.browser]

ERROR_STATES = {"query-syntax": QUERY_SYNTAX, **STATES}


@pytest.mark.requirement("RFC6749-4.1.2.1", "RFC6749-App.B")
@pytest.mark.catalogue(23, 110)
@pytest.mark.kills("error-state-unencoded", "error-redirect-drops-state")
@pytest.mark.parametrize("path", ERROR_PATHS, ids=[p.name for p in ERROR_PATHS])
def test_error_redirect_echoes_every_state_exactly(oauth, path):
    """RFC 6749 §4.1.2.1: the error response carries "state: REQUIRED if a "state" parameter
    was present in the client authorization request. The exact value received from the
    client." Appendix B: values are added "using the application/x-www-form-urlencoded
    format". Each value of the success scenario (#22), and ``a&b=c#d``, on a denied consent, an
    unknown scope and an unsupported response_type (the last two only where the server
    redirects that error)."""
    answers: dict[str, str] = {}
    for name, state in ERROR_STATES.items():
        oauth.evidence.add_note(f"{path.name} error with the {name} state")
        if not answers:  # the first decides whether the server redirects this error at all
            answers[name] = provoke(oauth, path, state)[1]
            continue
        url = attempt_error(oauth, path, state)[1]
        if url is None:
            oauth.evidence.add_note(f"not judged: the {name} state got no error redirect")
            continue
        answers[name] = url

    def echoed(name: str):
        def check(urls: dict[str, str]) -> Violation | None:
            why = f"The {path.name} error redirect did not echo the {name} state exactly"
            return param_equals("state", ERROR_STATES[name], "RFC6749-4.1.2.1", why)(urls[name])

        return check

    verify(answers, *(echoed(name) for name in answers))
