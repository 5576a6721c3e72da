"""A repeated authorization request parameter is refused (RFC 6749 §3.1)."""

import pytest

from harness.checks import never_navigated_to, no_code_issued, verify

pytestmark = [pytest.mark.browser]

ATTACKER = "https://attacker.example/callback"


@pytest.mark.requirement("RFC6749-3.1")
@pytest.mark.catalogue(39)
@pytest.mark.kills("duplicate-params-accepted")
@pytest.mark.parametrize("name", ["state", "scope", "response_type"])
def test_repeated_parameter_is_refused(oauth, name):
    """RFC 6749 §3.1: "Request and response parameters MUST NOT be included more than once."
    The repeated value is a valid one, so only the repetition is wrong."""
    request = oauth.request()
    if name == "scope" and not request.scope:
        pytest.skip(f"target {oauth.target.name}'s primary client requests no scope")
    repeated = {"state": "second-state", "scope": request.scope, "response_type": "code"}[name]
    grant = oauth.attempt(request.but(extra=((name, repeated),)))
    verify(
        grant.require_answer(),
        no_code_issued("RFC6749-3.1", f"A request with '{name}' twice was granted a code"),
    )


@pytest.mark.requirement("RFC6749-3.1", "RFC9700-4.1.3")
@pytest.mark.catalogue(14)
@pytest.mark.kills("duplicate-params-accepted")
def test_repeated_redirect_uri_is_refused(oauth):
    """RFC 6749 §3.1: "Request and response parameters MUST NOT be included more than once";
    RFC 9700 §4.1.3: the redirect URI must match exactly. A registered redirect_uri followed by
    an attacker's is refused outright, and the browser never lands on the attacker's."""
    request = oauth.request()
    grant = oauth.attempt(request.but(extra=(("redirect_uri", ATTACKER),)), watch=[ATTACKER])
    verify(
        grant.require_answer(),
        no_code_issued("RFC6749-3.1", "A request with redirect_uri twice was granted a code"),
    )
    verify(
        grant.outcome.navigations,
        never_navigated_to(ATTACKER, "RFC9700-4.1.3", "The browser was sent to the attacker"),
    )
