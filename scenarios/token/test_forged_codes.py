"""A code the server never issued is refused as invalid_grant, never accepted and never a
crash (RFC 6749 §4.1.3, §5.2): forgeries made from a real code, then a bounded Hypothesis
search. The real code is never sent and never shown; each forgery is named by its change."""

import pytest

from harness.attacks import FORGERY_CORPUS, budget, explore, forged, forgeries
from harness.checks import no_server_error, token_error, verify

pytestmark = [pytest.mark.browser]


@pytest.mark.requirement("RFC6749-4.1.3", "RFC6749-5.2")
@pytest.mark.kills("forged-code-500")
def test_forged_codes_are_rejected(oauth):
    """RFC 6749 §4.1.3: the authorization server MUST "verify that the authorization code is
    valid"; §5.2: invalid_grant — "The provided authorization grant (e.g., authorization code
    ...) is invalid". Every forgery gets a 4xx error response (invalid_grant; invalid_request
    for a value the server cannot read), never tokens and never a server error."""
    oauth.require_token_control()  # the happy path works: a refusal means something
    grant = oauth.authorize()
    real = grant.require_code()

    def judge(mutation):
        oauth.evidence.add_note(f"forged code: {mutation!r}")
        forgery = forged(mutation, real)
        response = oauth.exchange(grant, forgery)
        verify(
            response,
            no_server_error("RFC6749-5.2"),
            *token_error("invalid_grant", "invalid_request", ref="RFC6749-4.1.3"),
        )

    explore(judge, FORGERY_CORPUS, forgeries(), examples=budget(oauth.target.kind))
