"""Checks on metadata documents (RFC 8414) and on the URLs a response hands the browser."""

import json

import pytest

from harness.checks import (
    body_is_json_object,
    endpoint_uses_tls,
    generated_urls,
    is_loopback_host,
    issuer_equals,
    issuer_is_https,
    lists,
    omits,
    supported,
    url_has_no_fragment,
    urls_avoid_host,
)
from harness.evidence import Exchange

ISSUER = "https://as.example.com"
LOCAL = "http://127.0.0.1:8080"


@pytest.mark.parametrize(
    ("host", "loopback"),
    [
        ("127.0.0.1", True),
        ("127.8.9.10", True),
        ("[::1]", True),
        ("::1", True),
        ("LocalHost", True),
        ("localhost.example.com", False),
        ("10.0.0.1", False),
        ("as.example.com", False),
        ("", False),
        (None, False),
    ],
)
def test_loopback_hosts_are_the_loopback_interface_only(host, loopback):
    assert is_loopback_host(host) is loopback


def test_supported_applies_the_rfc8414_defaults():
    assert supported({}, "grant_types_supported") == ("authorization_code", "implicit")
    assert supported({}, "token_endpoint_auth_methods_supported") == ("client_secret_basic",)
    assert supported({}, "code_challenge_methods_supported") == ()  # omitted: no PKCE
    assert supported({"response_types_supported": ["code"]}, "response_types_supported") == (
        "code",
    )
    assert supported({"response_types_supported": "code"}, "response_types_supported") is None
    assert supported({"response_types_supported": [1]}, "response_types_supported") is None


def test_issuer_equals_is_string_equality():
    check = issuer_equals(ISSUER)
    assert check({"issuer": ISSUER}) is None
    slash = check({"issuer": ISSUER + "/"})
    assert slash is not None
    assert slash.ref == "RFC8414-3.3"
    assert slash.actual == f"issuer = '{ISSUER}/'"
    assert check({}).actual == "no 'issuer' member"


@pytest.mark.parametrize(
    ("issuer", "good"),
    [
        (ISSUER, True),
        (ISSUER + "/tenant", True),
        (LOCAL, True),  # a local deployment is not judged on TLS
        ("http://localhost:3000", True),
        ("http://as.example.com", False),
        ("http://10.0.0.1", False),
        (ISSUER + "?tenant=1", False),
        (ISSUER + "?", False),
        (ISSUER + "#x", False),
        (ISSUER + "#", False),
        ("as.example.com", False),
        ("ftp://as.example.com", False),
        (42, False),
        (None, False),
    ],
)
def test_issuer_is_https_without_query_or_fragment(issuer, good):
    violation = issuer_is_https()({"issuer": issuer})
    assert (violation is None) is good
    if violation is not None:
        assert violation.ref == "RFC8414-2"


@pytest.mark.parametrize(
    ("issuer", "endpoint", "good"),
    [
        (ISSUER, ISSUER + "/token", True),
        (ISSUER, "https://login.example.net/token", True),
        (ISSUER, "http://as.example.com/token", False),
        (ISSUER, "http://127.0.0.1:8080/token", False),  # not the issuer's scheme
        (LOCAL, LOCAL + "/token", True),
        (LOCAL, "http://localhost:8080/token", True),
        (LOCAL, "https://as.example.com/token", True),  # TLS is never wrong
        (LOCAL, "http://as.mock.example/token", False),  # behind a TLS-terminating proxy
        (ISSUER, "/token", False),
        (ISSUER, ["https://as.example.com/token"], False),
    ],
)
def test_endpoint_uses_tls(issuer, endpoint, good):
    violation = endpoint_uses_tls("token_endpoint", issuer, "RFC6749-3.2")(
        {"token_endpoint": endpoint}
    )
    assert (violation is None) is good
    if violation is not None:
        assert violation.ref == "RFC6749-3.2"
        assert "token_endpoint" in violation.summary


def test_an_endpoint_the_document_does_not_advertise_is_not_judged():
    assert endpoint_uses_tls("revocation_endpoint", ISSUER, "RFC7009-2")({}) is None


def test_lists_and_omits_read_defaults_and_name_the_member():
    s256 = lists("code_challenge_methods_supported", "S256", "RFC9700-2.1.1", "no S256")
    assert s256({"code_challenge_methods_supported": ["S256", "plain"]}) is None
    missing = s256({})
    assert missing is not None
    assert missing.actual == "no 'code_challenge_methods_supported' member"
    post = lists("token_endpoint_auth_methods_supported", "client_secret_post", "RFC8414-2", "x")
    assert "(omitted: ['client_secret_basic'])" in post({}).actual
    assert lists("grant_types_supported", "authorization_code", "RFC8414-2", "x")({}) is None
    assert s256({"code_challenge_methods_supported": "S256"}) is not None  # not an array
    plain = omits("code_challenge_methods_supported", "plain", "RFC9700-2.1.1", "plain listed")
    assert plain({"code_challenge_methods_supported": ["S256"]}) is None
    assert plain({}) is None
    assert plain({"code_challenge_methods_supported": ["plain"]}).summary == "plain listed"


@pytest.mark.parametrize(
    ("url", "good"),
    [
        (ISSUER + "/authorize", True),
        (ISSUER + "/authorize?tenant=a", True),
        (ISSUER + "/authorize#/signin", False),
        (ISSUER + "/authorize#", False),  # an empty fragment is a fragment component
    ],
)
def test_url_has_no_fragment(url, good):
    check = url_has_no_fragment("authorization_endpoint", "RFC6749-3.1", "fragment")
    assert (check({"authorization_endpoint": url}) is None) is good


def _reply(body=b"", content_type="text/html; charset=utf-8", status=200, **headers):
    pairs = [("Content-Type", content_type), *((k.title(), v) for k, v in headers.items())]
    return Exchange(
        "GET", ISSUER + "/authorize", status=status, response_headers=pairs, response_body=body
    )


def test_body_is_json_object():
    check = body_is_json_object("RFC8414-3.2", "not a JSON object")
    assert check(_reply(json.dumps({"issuer": ISSUER}).encode(), "text/plain")) is None
    assert check(_reply(b"[]", "application/json")) is not None
    assert check(_reply(b"<html></html>")).expected == "a JSON object"


PAGE = b"""<!doctype html><form id="login" method="post" action="/login?x=1&amp;y=2">
<input name="a"></form><FORM ACTION='https://attacker.example/consent'></FORM><form></form>"""


def test_generated_urls_are_location_and_form_actions():
    assert generated_urls(_reply(PAGE, location="/next")) == [
        "/next",
        "/login?x=1&y=2",
        "https://attacker.example/consent",
    ]
    assert generated_urls(_reply(PAGE, "application/json")) == []  # not a page


def test_urls_avoid_host_finds_the_host_anywhere_in_a_url():
    check = urls_avoid_host("attacker.example", "RFC9700-4.13", "host injected")
    assert check(_reply(b"<form action='/login'></form>", location="/x")) is None
    in_form = check(_reply(PAGE))
    assert in_form is not None
    assert in_form.actual == "https://attacker.example/consent"
    in_query = check(_reply(location=ISSUER + "/login?next=https://ATTACKER.example/x&state=s"))
    assert in_query.actual == f"{ISSUER}/login (query: next, state) (attacker.example in its query)"
