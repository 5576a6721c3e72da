"""A token request that repeats a parameter is refused (RFC 6749 §3.2, §5.2)."""

import pytest

from harness.checks import token_error, verify

pytestmark = [pytest.mark.browser]


@pytest.mark.requirement("RFC6749-3.2", "RFC6749-5.2")
@pytest.mark.catalogue(69, 109)
@pytest.mark.kills("duplicate-params-accepted", "errors-as-200")
@pytest.mark.parametrize(
    "repeat",
    [
        pytest.param(lambda grant: ("grant_type", "authorization_code"), id="grant_type"),
        pytest.param(lambda grant: ("code", grant.require_code()), id="code"),
    ],
)
def test_repeated_token_parameter_is_rejected(oauth, repeat):
    """RFC 6749 §3.2: "Request and response parameters MUST NOT be included more than once."
    §5.2: invalid_request — the request "repeats a parameter". The exchange is otherwise valid
    (a fresh code, the right client, redirect_uri and code_verifier), so only the repetition can
    be the reason to refuse it."""
    oauth.require_token_control()  # the happy path works: a refusal means something
    grant = oauth.authorize()
    response = oauth.exchange(grant, extra=[repeat(grant)])
    verify(response, *token_error("invalid_request", ref="RFC6749-3.2"))
