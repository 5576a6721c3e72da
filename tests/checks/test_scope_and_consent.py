"""The granted scope of a token response (RFC 6749 §3.3, §5.1), a code issued, a page shown."""

import json

from harness.checks import code_issued, granted_scope, page_shown, scope_excludes
from harness.evidence import Exchange


def token_response(**body):
    return Exchange(
        "POST",
        "http://127.0.0.1:1/oauth2/token",
        status=200,
        response_headers=[("Content-Type", "application/json")],
        response_body=json.dumps({"access_token": "t", "token_type": "Bearer", **body}).encode(),
    )


def test_granted_scope_is_the_stated_one_else_the_requested_one():
    assert granted_scope(token_response(scope="read"), "read write") == ({"read"}, True)
    assert granted_scope(token_response(), "read write") == ({"read", "write"}, False)


def test_scope_excludes_judges_a_stated_grant():
    check = scope_excludes({"write", "admin"}, "read write admin", "RFC9700-2.3", "Escalated")
    assert check(token_response(scope="read")) is None
    violation = check(token_response(scope="read write"))
    assert violation is not None
    assert violation.actual == "scope = 'read write' (it holds write)"
    assert violation.expected == "a grant without admin, write"


def test_scope_excludes_reads_an_absent_scope_as_the_requested_one():
    check = scope_excludes({"x_unknown"}, "read x_unknown", "RFC6749-3.3", "Unknown granted")
    violation = check(token_response())
    assert violation is not None
    assert violation.actual.startswith("no scope in the token response, so the requested scope")
    assert check(token_response(scope="read")) is None


def test_code_issued_needs_a_code_and_no_error():
    check = code_issued("RFC6749-3.1", "Not granted")
    assert check("http://127.0.0.1:9/cb?code=c&state=s") is None
    page = check(None)
    assert page is not None
    assert page.actual == "no redirect to the client (the server showed a page)"
    refused = check("http://127.0.0.1:9/cb?error=invalid_request&state=s")
    assert refused is not None
    assert refused.actual.endswith("with error = 'invalid_request'")
    assert check("http://127.0.0.1:9/cb?code=c&error=x") is not None


def test_page_shown_reads_the_pages_done():
    check = page_shown("consent", "RFC6749-10.2", "Approved silently")
    assert check(["login", "consent"]) is None
    violation = check(["login"])
    assert violation is not None
    assert violation.actual == "only login, then a redirect"
    assert check([]) is not None
