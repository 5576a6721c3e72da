"""The pure checks: each one passes on a conformant subject and names the rule when it fails."""

import json
import warnings

import pytest

from harness.checks import (
    ConformanceFailure,
    ConformanceFinding,
    ConformanceWarning,
    bearer_challenge_present,
    bearer_error_is,
    collect,
    error_code_is,
    expires_in_is_positive_integer,
    header_has_directive,
    json_field_differs,
    json_field_present,
    media_type_is,
    never_navigated_to,
    no_server_error,
    param_equals,
    parse_challenges,
    status_is,
    token_type_is_bearer,
    verify,
)
from harness.evidence import Exchange, Navigation
from harness.spec import Level


def reply(status=200, body=b"", **headers):
    pairs = [(k.replace("_", "-"), v) for k, v in headers.items()]
    if isinstance(body, dict):
        body = json.dumps(body).encode()
        pairs.append(("Content-Type", "application/json"))
    return Exchange(
        "POST",
        "http://127.0.0.1:1/oauth2/token",
        status=status,
        response_headers=pairs,
        response_body=body,
    )


GOOD_TOKEN = {"access_token": "a" * 43, "token_type": "bearer", "expires_in": 3600}


def test_status_is_names_expected_and_actual():
    violation = status_is(400, "RFC6749-5.2", "replay accepted")(reply(200, {"ok": True}))
    assert violation is not None
    assert violation.expected == "HTTP 400"
    assert violation.actual.startswith("HTTP 200")
    assert violation.ref == "RFC6749-5.2"
    assert status_is(400, "RFC6749-5.2")(reply(400)) is None


def test_no_response_is_described_not_crashed():
    broken = Exchange("GET", "http://127.0.0.1:1/", error="ConnectError: refused")
    violation = status_is(200, "RFC6749-5.1")(broken)
    assert violation is not None
    assert "ConnectError" in violation.actual
    assert no_server_error("RFC6749-5.2")(broken) is not None


@pytest.mark.parametrize(
    ("value", "ok"),
    [
        ("no-store", True),
        ("private, no-store", True),
        ("No-Store", True),
        ("no-store-ish", False),
        (None, False),
    ],
)
def test_cache_control_directive_is_a_token(value, ok):
    headers = {"Cache_Control": value} if value else {}
    result = header_has_directive("Cache-Control", "no-store", "RFC6749-5.1", "cacheable")(
        reply(200, **headers)
    )
    assert (result is None) is ok


def test_media_type_ignores_parameters_but_not_type():
    assert (
        media_type_is("application/json", "RFC6749-5.1")(
            reply(200, b"{}", Content_Type="application/json; charset=utf-8")
        )
        is None
    )
    assert (
        media_type_is("application/json", "RFC6749-5.1")(
            reply(200, b"{}", Content_Type="text/plain")
        )
        is not None
    )


def test_error_code_accepts_any_permitted_code():
    check = error_code_is("invalid_grant", "invalid_client")
    assert check(reply(400, {"error": "invalid_client"})) is None
    violation = check(reply(400, {"error": "invalid_request"}))
    assert violation is not None
    assert "'invalid_request'" in violation.actual
    assert check(reply(400, b"<html>oops</html>")) is not None


def test_a_success_is_never_called_the_error_response():
    violation = error_code_is("invalid_grant")(reply(200, GOOD_TOKEN))
    assert violation is not None
    assert "error response" not in violation.summary
    assert violation.summary.startswith("The server accepted the request")
    refused = error_code_is("invalid_grant")(reply(400, {"error": "invalid_request"}))
    assert refused is not None
    assert refused.summary == "The error response does not name the expected error code"


def test_token_response_fields():
    good = reply(200, GOOD_TOKEN)
    assert json_field_present("access_token", "RFC6749-5.1")(good) is None
    assert token_type_is_bearer()(good) is None
    assert expires_in_is_positive_integer()(good) is None
    bad = reply(200, {"access_token": "", "token_type": "mac", "expires_in": "3600"})
    assert json_field_present("access_token", "RFC6749-5.1")(bad) is not None
    assert token_type_is_bearer()(bad) is not None
    assert expires_in_is_positive_integer()(bad) is not None
    assert expires_in_is_positive_integer()(reply(200, {"expires_in": True})) is not None


def test_rotated_field_must_differ():
    check = json_field_differs("refresh_token", "old-refresh-token", "RFC6749-6", "not rotated")
    assert check(reply(200, {"refresh_token": "new-refresh-token"})) is None
    assert check(reply(200, {"refresh_token": "old-refresh-token"})) is not None
    assert check(reply(200, {})) is not None


def test_parse_challenges_handles_several_schemes_and_quotes():
    values = [
        'Basic realm="a, b", Bearer realm="api", error="invalid_token", '
        'error_description="x \\"y\\""'
    ]
    parsed = parse_challenges(values)
    assert parsed[0] == ("basic", {"realm": "a, b"})
    assert parsed[1][0] == "bearer"
    assert parsed[1][1]["error"] == "invalid_token"
    assert parsed[1][1]["error_description"] == 'x "y"'
    assert parse_challenges(["Bearer"]) == [("bearer", {})]


def test_bearer_challenge_checks():
    challenged = reply(401, WWW_Authenticate='Bearer realm="x", error="invalid_token"')
    assert bearer_challenge_present()(challenged) is None
    assert bearer_error_is("invalid_token")(challenged) is None
    assert bearer_error_is(None)(challenged) is not None
    assert bearer_challenge_present()(reply(401)) is not None
    assert bearer_challenge_present()(reply(401, WWW_Authenticate='Basic realm="x"')) is not None


def test_param_equals_is_byte_exact():
    check = param_equals("state", "a+b c", "RFC6749-4.1.2", "state changed")
    assert check("http://127.0.0.1/cb?code=x&state=a%2Bb+c") is None
    assert check("http://127.0.0.1/cb?code=x&state=a+b+c") is not None
    assert check("http://127.0.0.1/cb?code=x") is not None
    assert check("http://127.0.0.1/cb?state=a%2Bb+c&state=a%2Bb+c") is not None


def test_never_navigated_to():
    check = never_navigated_to("https://attacker.example/", "RFC6749-4.1.2.1", "followed")
    assert check([Navigation("http://127.0.0.1:5/oauth2/authorize")]) is None
    violation = check([Navigation("https://attacker.example/cb?code=x", kind="redirect")])
    assert violation is not None
    assert "1 navigation" in violation.actual


def test_collect_runs_every_check_and_dedupes():
    response = reply(200, {"token_type": "mac"})
    found = collect(
        response,
        token_type_is_bearer(),
        token_type_is_bearer(),
        json_field_present("access_token", "RFC6749-5.1"),
    )
    assert len(found) == 2


def test_verify_levels():
    bad = reply(200, {"token_type": "mac"})
    with pytest.raises(ConformanceFailure) as failure:
        verify(bad, token_type_is_bearer())
    assert "[MUST RFC6749-5.1]" in str(failure.value)
    assert "rfc-editor.org/rfc/rfc6749.html#section-5.1" in str(failure.value)
    with pytest.warns(ConformanceWarning):
        verify(bad, token_type_is_bearer(), level=Level.SHOULD)
    with pytest.warns(ConformanceFinding):
        verify(bad, token_type_is_bearer(), level="MAY")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        verify(reply(200, GOOD_TOKEN), token_type_is_bearer())


def test_status_in_names_a_whole_class_briefly() -> None:
    from harness.checks import status_in
    from harness.checks._http import _statuses

    assert _statuses(range(200, 300)) == "2xx"
    assert _statuses([400, 401]) == "400 or 401"
    assert _statuses([200, 201, 202, 204]) == "200-202 or 204"
    assert status_in(range(200, 300), "RFC6749-5.1") is not None
