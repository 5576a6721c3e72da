"""Parameters the authorization endpoint does not know are ignored (RFC 6749 §3.1)."""

import pytest

from harness.checks import code_issued, json_field_present, status_is, verify

pytestmark = [pytest.mark.browser]

UNKNOWN = ("harness_extension", "ignored-value")


@pytest.mark.requirement("RFC6749-3.1")
@pytest.mark.catalogue(40)
@pytest.mark.kills("unknown-params-rejected")
def test_unknown_parameter_is_ignored(oauth):
    """RFC 6749 §3.1: "The authorization server MUST ignore unrecognized request parameters."
    The same request as the control plus one parameter no server defines: a code is issued and
    exchanges."""
    grant = oauth.attempt(oauth.request(extra=[UNKNOWN]))
    verify(
        grant.require_answer(),
        code_issued("RFC6749-3.1", "A request with an unknown parameter was not granted"),
    )
    verify(
        oauth.exchange(grant),
        status_is(200, "RFC6749-3.1", "The code of a request with an unknown parameter failed"),
        json_field_present("access_token", "RFC6749-5.1"),
    )
