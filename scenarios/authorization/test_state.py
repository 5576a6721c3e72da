"""The ``state`` parameter comes back exactly as sent (RFC 6749 §4.1.2)."""

import pytest

from harness.checks import param_equals, verify

pytestmark = [pytest.mark.browser]

# Values a careless server mangles: reserved characters, percent sequences, unicode, length.
STATES = {
    "reserved-characters": "a+b c&d=e/f?g#h;i,j:k@l$m!n'o(p)q*r",
    "percent-sequences": "%41%2B%zz%%25-already-encoded-looking",
    "unicode": "état-зайчик-状態-🔑-" + "x" * 16,
    "long": "s" * 512,
}


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
