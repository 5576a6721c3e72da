"""A POST to the authorization endpoint, where offered, is checked like a GET (RFC 6749 §3.1;
catalogue #42)."""

from urllib.parse import urlencode

import pytest

from harness.attacks import ATTACKER_HOST
from harness.checks import not_redirected_to, status_not_in, verify
from harness.spec import Level

pytestmark = [pytest.mark.browser]  # the control authorizes in the browser

ATTACKER = f"https://{ATTACKER_HOST}/callback"
NOT_OFFERED = (404, 405, 501)


@pytest.mark.requirement("RFC6749-3.1", "RFC6749-4.1.2.1")
@pytest.mark.catalogue(42)
@pytest.mark.kills("post-authorize-unchecked")
def test_post_authorization_request_is_checked_like_get(oauth):
    """RFC 6749 §3.1: "The authorization server MUST support the use of the HTTP "GET" method
    … for the authorization endpoint, and MAY support the use of the "POST" method as well."
    Whether POST is offered is recorded (MAY). Offered or not, a POSTed request naming an
    unregistered redirect URI gets what GET gets (§4.1.2.1): "the authorization server …
    MUST NOT automatically redirect the user-agent to the invalid redirection URI"."""
    oauth.require_control()
    request = oauth.request()
    headers = [("Content-Type", "application/x-www-form-urlencoded"), ("Accept", "text/html")]
    body = request.but(redirect_uri=ATTACKER)
    hostile = oauth.http.send(
        "POST", request.endpoint, content=_form(body.params()), headers=headers
    )
    verify(
        hostile,
        not_redirected_to(
            ATTACKER, "RFC6749-4.1.2.1", "A POSTed request was redirected to an unregistered URI"
        ),
    )
    plain = oauth.http.send(
        "POST", request.endpoint, content=_form(request.params()), headers=headers
    )
    verify(
        plain,
        status_not_in(NOT_OFFERED, "RFC6749-3.1", "The authorization endpoint does not take POST"),
        level=Level.MAY,
    )


def _form(pairs):
    return urlencode(pairs).encode()
