"""The shared token-endpoint error assertion (RFC 6749 §5.2): status per code, challenge, fields."""

import json

import pytest

from harness.checks import (
    collect,
    error_fields_well_formed,
    invalid_client_challenge,
    token_error,
    token_error_status,
)
from harness.evidence import Exchange


def reply(status, body, *, challenge=None, content_type="application/json"):
    headers = [("Content-Type", content_type)]
    if challenge is not None:
        headers.append(("WWW-Authenticate", challenge))
    raw = json.dumps(body).encode() if isinstance(body, dict) else body
    return Exchange(
        "POST",
        "http://127.0.0.1:1/oauth2/token",
        status=status,
        response_headers=headers,
        response_body=raw,
    )


@pytest.mark.parametrize(
    ("status", "code", "basic", "ok"),
    [
        (400, "invalid_grant", False, True),
        (200, "invalid_grant", False, False),
        (401, "invalid_grant", False, False),
        (400, "invalid_client", False, True),
        (401, "invalid_client", False, True),
        (401, "invalid_client", True, True),
        (400, "invalid_client", True, False),
        (200, None, False, False),
    ],
)
def test_status_fits_the_error_code(status, code, basic, ok):
    body = {"error": code} if code else {"access_token": "a" * 43}
    violation = token_error_status(basic=basic)(reply(status, body))
    assert (violation is None) is ok
    if violation is not None:
        assert violation.ref == "RFC6749-5.2"
        assert f"HTTP {status}" in violation.actual


def test_success_status_is_described_as_not_refused():
    violation = token_error_status()(reply(200, {"error": "unsupported_grant_type"}))
    assert violation is not None
    assert "did not answer" in violation.summary
    assert violation.expected == "HTTP 400 for error='unsupported_grant_type'"


@pytest.mark.parametrize(
    ("challenge", "ok"),
    [
        ('Basic realm="x"', True),
        ('Bearer realm="x", Basic realm="y"', True),
        ('Bearer realm="x"', False),
        (None, False),
    ],
)
def test_invalid_client_needs_a_matching_challenge(challenge, ok):
    exchange = reply(401, {"error": "invalid_client"}, challenge=challenge)
    assert (invalid_client_challenge("Basic")(exchange) is None) is ok


def test_challenge_is_only_required_for_invalid_client():
    assert invalid_client_challenge()(reply(400, {"error": "invalid_request"})) is None


@pytest.mark.parametrize(
    ("fields", "ok"),
    [
        ({}, True),
        ({"error_description": "Missing 'code'"}, True),
        ({"error_uri": "https://as.example.com/errors#invalid_grant"}, True),
        ({"error_description": "line one\r\nline two"}, False),
        ({"error_description": 'quoted "value"'}, False),
        ({"error_description": "tab\there"}, False),
        ({"error_description": "état"}, False),
        ({"error_description": ""}, False),
        ({"error_description": 42}, False),
        ({"error_uri": "https://as.example.com/a b"}, False),
    ],
)
def test_error_fields_use_the_allowed_characters(fields, ok):
    exchange = reply(400, {"error": "invalid_request", **fields})
    violation = error_fields_well_formed()(exchange)
    assert (violation is None) is ok


def test_bundle_reports_each_distinct_fault():
    bad = reply(200, b"oops", content_type="text/plain")
    violations = collect(bad, *token_error("invalid_grant"))
    summaries = " | ".join(v.summary for v in violations)
    assert len(violations) == 3  # status, media type, error code
    assert "did not answer" in summaries
    assert collect(reply(400, {"error": "invalid_grant"}), *token_error("invalid_grant")) == []


def test_bundle_with_basic_demands_401_and_challenge():
    no_challenge = reply(400, {"error": "invalid_client"})
    violations = collect(no_challenge, *token_error("invalid_client", basic=True))
    assert len(violations) == 2
    good = reply(401, {"error": "invalid_client"}, challenge='Basic realm="as"')
    assert collect(good, *token_error("invalid_client", basic=True)) == []


def test_bundle_rejects_codes_outside_section_5_2():
    with pytest.raises(ValueError, match="access_denied"):
        token_error("access_denied")
    with pytest.raises(ValueError):
        token_error()


def test_a_token_response_is_shown_by_its_fields_not_its_values():
    tokens = {"access_token": "a" * 200, "refresh_token": "r" * 200, "token_type": "Bearer"}
    violation = token_error_status()(reply(200, tokens))
    assert violation is not None
    assert "r" * 20 not in violation.actual
    assert "fields access_token, refresh_token, token_type" in violation.actual
