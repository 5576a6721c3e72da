"""Malformed token request bodies never get tokens and never crash the server (RFC 6749 §3.2,
§5.2): wrong encodings (bytes that are not UTF-8, raw or percent-encoded), repeated and unknown
parameters, and wrong Content-Types, named, then a bounded Hypothesis search.

Every body carries a code the server never issued, so no variant may get tokens whatever the
server makes of the rest; what is judged is that it answers with an error, not a 5xx.
"""

import secrets

import pytest

from harness.attacks import BODY_CORPUS, budget, explore, token_bodies
from harness.checks import no_server_error, refused, verify
from harness.flows import client_auth

pytestmark = [pytest.mark.browser]  # the control authorizes in the browser


@pytest.mark.requirement("RFC6749-5.2", "RFC6749-3.2")
@pytest.mark.kills("malformed-body-500")
def test_malformed_token_bodies_get_an_error(oauth):
    """RFC 6749 §5.2: "The authorization server responds with an HTTP 400 (Bad Request) status
    code (unless specified otherwise)" for a request that "is otherwise malformed"; §3.2 names
    the parameters and their encoding (Appendix B: UTF-8, form-encoded). A body the server
    cannot read is an invalid_request, never a server error and never a grant."""
    oauth.require_token_control()  # the happy path works: a refusal means something
    client = oauth.client()
    fields, headers = client_auth(client)
    pairs = [
        ("grant_type", "authorization_code"),
        ("code", secrets.token_urlsafe(32)),  # never issued
        ("redirect_uri", oauth.redirect_uri(client)),
        *fields,
    ]
    endpoint = oauth.target.endpoints.token

    def judge(variant):
        body, content_type = variant.render(pairs)
        oauth.evidence.add_note(f"token request body: {variant!r}")
        sent = list(headers) + ([("Content-Type", content_type)] if content_type else [])
        response = oauth.http.send("POST", endpoint, content=body, headers=sent)
        verify(
            response,
            refused("RFC6749-5.2", "A malformed token request got a success answer"),
            no_server_error("RFC6749-5.2"),
        )

    explore(judge, BODY_CORPUS, token_bodies(), examples=budget(oauth.target.kind))
