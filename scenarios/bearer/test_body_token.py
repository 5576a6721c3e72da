"""A token in a request body counts only in a form-encoded, single-part, non-GET body
(RFC 6750 §2.2).

Resource servers MAY read the token from a body at all; what §2.2 rules out is any other body.
Its conditions are worded as what a client "MUST NOT" do, so a resource server that honours the
token in a forbidden body accepts what no conforming client sends: judged at SHOULD.
"""

import json
from urllib.parse import urlencode

import pytest

from harness.checks import refused, verify
from harness.flows import StepError
from harness.spec import Level

pytestmark = [pytest.mark.browser]

FORM = "application/x-www-form-urlencoded"
BOUNDARY = "harness-rfc6750-boundary"


def multipart(token: str) -> bytes:
    """One multipart/form-data part named access_token (RFC 7578)."""
    return (
        f"--{BOUNDARY}\r\n"
        'Content-Disposition: form-data; name="access_token"\r\n\r\n'
        f"{token}\r\n--{BOUNDARY}--\r\n"
    ).encode()


def body_probe_control(oauth):
    """The ``[api.body_probe]`` and a fresh token that works on it in the header: a refusal of
    the body forms then means the body was not read as a token (a StepError otherwise)."""
    probe = oauth.api_probe("body_probe")
    oauth.require_token_control()
    token = oauth.tokens().access_token
    control = oauth.call_api(token, probe=probe)
    if control.status is None or not 200 <= control.status < 300:
        raise StepError(
            f"[api.body_probe] refused a valid bearer token in the header (HTTP "
            f"{control.status}); a refusal of the token in a body would prove nothing"
        )
    return probe, token


@pytest.mark.requirement("RFC6750-2.2", level="SHOULD")
@pytest.mark.catalogue(107)
@pytest.mark.kills("body-token-on-get")
def test_token_in_get_body_is_refused(oauth):
    """RFC 6750 §2.2: "The HTTP request method is one for which the request-body has defined
    semantics. In particular, this means that the "GET" method MUST NOT be used." Sent as a
    form-encoded body on the ``[api.probe]`` GET, without the header."""
    probe = oauth.target.api.probe
    if probe.method != "GET":
        pytest.skip(f"target {oauth.target.name}'s [api.probe] is {probe.method}, not GET")
    oauth.require_token_control()  # the happy path works: a refusal means something
    token = oauth.tokens().access_token
    response = oauth.call_api_raw(
        probe=probe, content=urlencode({"access_token": token}).encode(), content_type=FORM
    )
    verify(
        response,
        refused("RFC6750-2.2", "The access token was accepted from the body of a GET request"),
        level=Level.SHOULD,
    )


@pytest.mark.requirement("RFC6750-2.2", level="SHOULD")
@pytest.mark.catalogue(107)
@pytest.mark.kills("body-token-multipart")
def test_token_in_multipart_body_is_refused(oauth):
    """RFC 6750 §2.2: the client MUST NOT send the token in the body unless "The HTTP request
    entity-body is single-part" and its Content-Type is "application/x-www-form-urlencoded".
    Sent as a multipart/form-data field of the ``[api.body_probe]``, without the header."""
    probe, token = body_probe_control(oauth)
    response = oauth.call_api_raw(
        probe=probe,
        content=multipart(token),
        content_type=f"multipart/form-data; boundary={BOUNDARY}",
    )
    verify(
        response,
        refused("RFC6750-2.2", "The access token was accepted from a multipart body"),
        level=Level.SHOULD,
    )


@pytest.mark.requirement("RFC6750-2.2", level="SHOULD")
@pytest.mark.catalogue(107)
@pytest.mark.kills("body-token-json")
def test_token_in_json_body_is_refused(oauth):
    """RFC 6750 §2.2: "The HTTP request entity-header includes the "Content-Type" header field
    set to "application/x-www-form-urlencoded"" — a JSON body is no place for the token. Sent as
    {"access_token": ...} to the ``[api.body_probe]``, without the header."""
    probe, token = body_probe_control(oauth)
    response = oauth.call_api_raw(
        probe=probe,
        content=json.dumps({"access_token": token}).encode(),
        content_type="application/json",
    )
    verify(
        response,
        refused("RFC6750-2.2", "The access token was accepted from a JSON body"),
        level=Level.SHOULD,
    )
