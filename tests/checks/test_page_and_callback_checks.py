"""The page-header, navigation and callback checks: pass on conformant input, name what's wrong."""

from typing import NamedTuple

import pytest

from harness.checks import (
    no_code_issued,
    no_post_redirected_with,
    pages_forbid_framing,
    pages_have_strict_referrer_policy,
    param_equals,
    param_in,
    referrer_policy,
    when_redirected,
)
from harness.evidence import Navigation

CALLBACK = "http://127.0.0.1:5000/callback"


class FakePage(NamedTuple):
    url: str
    status: int
    headers: tuple[tuple[str, str], ...]

    def header(self, name):
        return next((v for k, v in self.headers if k.lower() == name.lower()), None)


def page(path="/oauth2/authorize", status=200, **headers):
    pairs = tuple((k.replace("_", "-"), v) for k, v in headers.items())
    return FakePage(f"http://127.0.0.1:1{path}?state=s", status, pairs)


# -- framing ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "headers",
    [
        {"Content_Security_Policy": "frame-ancestors 'none'"},
        {"Content_Security_Policy": "default-src 'self'; frame-ancestors 'self'"},
        {"Content_Security_Policy": "frame-ancestors https://partner.example"},
        {"X_Frame_Options": "DENY"},
        {"X_Frame_Options": "sameorigin"},
        {"Content_Security_Policy": "default-src 'self'", "X_Frame_Options": "DENY"},
    ],
)
def test_frame_protection_by_csp_or_xfo_passes(headers):
    assert pages_forbid_framing()([page(**headers)]) is None


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Content_Security_Policy": "default-src 'self'"},
        {"Content_Security_Policy": "frame-ancestors *"},
        {"Content_Security_Policy": "frame-ancestors https:"},
        {"X_Frame_Options": "ALLOW-FROM https://partner.example"},
        {"Content_Security_Policy_Report_Only": "frame-ancestors 'none'"},
    ],
)
def test_framable_page_is_named(headers):
    violation = pages_forbid_framing()([page(path="/login", status=400, **headers)])
    assert violation is not None
    assert violation.ref == "RFC9700-4.16"
    assert violation.actual.startswith("/login (HTTP 400)")
    assert "state=" not in violation.actual


def test_one_bare_page_among_protected_ones_fails():
    pages = [page(X_Frame_Options="DENY"), page(path="/consent")]
    violation = pages_forbid_framing()(pages)
    assert violation is not None
    assert violation.summary.startswith("1 of 2")
    assert "/consent" in violation.actual
    assert "(absent)" in violation.actual


# -- referrer policy ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "policy"),
    [
        ("no-referrer", "no-referrer"),
        ("unsafe-url, strict-origin", "strict-origin"),  # the last known token wins
        ("no-referrer, made-up-policy", "no-referrer"),
        ("made-up-policy", None),
        (None, None),
    ],
)
def test_referrer_policy_is_the_last_known_token(header, policy):
    assert referrer_policy(header) == policy


def test_strict_referrer_policy_passes_and_loose_or_absent_fails():
    check = pages_have_strict_referrer_policy()
    assert check([page(Referrer_Policy="same-origin")]) is None
    violation = check([page(Referrer_Policy="unsafe-url"), page(path="/consent")])
    assert violation is not None
    assert violation.ref == "RFC9700-4.2.4"
    assert "Referrer-Policy: unsafe-url" in violation.actual
    assert "/consent (HTTP 200): Referrer-Policy: (absent)" in violation.actual


# -- POST redirects -----------------------------------------------------------------------------


def nav(method, status, kind="response", url="http://127.0.0.1:1/oauth2/login?x=1"):
    return Navigation(url, method, status, kind, True)


def test_post_answered_with_307_is_named():
    check = no_post_redirected_with({307}, "RFC9700-4.12", "re-posted")
    log = [nav("GET", 200), nav("POST", None, kind="request"), nav("POST", 307)]
    violation = check(log)
    assert violation is not None
    assert violation.actual == "POST /oauth2/login answered with HTTP 307"
    assert check([nav("POST", 303), nav("GET", 307)]) is None  # only POSTs count


# -- callbacks ------------------------------------------------------------------------------------


def test_no_code_issued_accepts_error_page_and_error_redirect():
    check = no_code_issued("RFC6749-10.12", "code issued")
    assert check(None) is None
    assert check(f"{CALLBACK}?error=access_denied&state=s") is None
    violation = check(f"{CALLBACK}?code=abc&state=s")
    assert violation is not None
    assert "abc" not in violation.actual


def test_when_redirected_skips_the_error_page_only():
    check = when_redirected(param_equals("state", "s", "RFC6749-4.1.2.1", "no state"))
    assert check(None) is None
    assert check(f"{CALLBACK}?error=invalid_request&state=s") is None
    assert check(f"{CALLBACK}?error=invalid_request") is not None


def test_param_in_accepts_any_listed_value_once():
    check = param_in(
        "error", {"invalid_request", "unsupported_response_type"}, "RFC6749-4.1.2.1", "x"
    )
    assert check(f"{CALLBACK}?error=unsupported_response_type") is None
    assert check(f"{CALLBACK}?error=invalid_request&error=invalid_request") is not None
    violation = check(f"{CALLBACK}?code=abc")
    assert violation is not None
    assert violation.actual == "no 'error' parameter (and a code)"
