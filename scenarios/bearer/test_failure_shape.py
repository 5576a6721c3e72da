"""The API refuses a missing or unknown token the way the target documents ([api.failure])."""

import secrets

import pytest

from harness.checks import json_includes, status_is, verify
from harness.spec import Level

pytestmark = [pytest.mark.browser]  # the control authorizes in the browser


@pytest.mark.requirement("RFC6750-3", level="SHOULD")
@pytest.mark.catalogue(101, 102)
@pytest.mark.kills("api-failure-shape-changed")
@pytest.mark.parametrize("token", ["missing", "unknown"])
def test_refusal_has_the_documented_shape(oauth, token):
    """RFC 6750 §3: "If the protected resource request does not include authentication
    credentials or does not contain an access token that enables access to the protected
    resource, the resource server MUST include the HTTP "WWW-Authenticate" response header
    field"; the status and body that go with it are the API's own, and clients branch on them
    (Taskade: "Branch on ok and code rather than parsing message"). The target file documents
    them in ``[api.failure]``; an API that answers otherwise breaks its clients, reported as a
    warning."""
    oauth.require_token_control()  # the happy path works: a refusal means something
    shape = oauth.target.api.failure
    if shape is None:
        pytest.skip(f"target {oauth.target.name} documents no [api.failure] shape")
    checks = [
        status_is(shape.status, "RFC6750-3", "The refusal's status is not the documented one")
    ]
    if shape.json:  # a documented body; none documented, none judged
        checks.append(
            json_includes(shape.json, "RFC6750-3", "The refusal's body is not the documented one")
        )
    verify(
        oauth.call_api(None if token == "missing" else secrets.token_urlsafe(32)),
        *checks,
        level=Level.SHOULD,
    )
