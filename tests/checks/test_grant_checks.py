"""Checks for the other grants: not offered, a field absent, one answer for two requests, and
where an implicit response puts its parameters. Failure text never holds a value."""

import json
from dataclasses import dataclass

from harness.checks import (
    collect,
    error_code_not,
    grant_not_offered,
    json_field_absent,
    params_not_in_query,
    response_param_is,
    same_answer_as,
)
from harness.evidence import Exchange

CALLBACK = "http://127.0.0.1:5/callback"


def reply(status, body):
    return Exchange(
        "POST",
        "http://127.0.0.1:1/oauth2/token",
        status=status,
        response_headers=[("Content-Type", "application/json")],
        response_body=json.dumps(body).encode(),
    )


@dataclass(frozen=True)
class Offer:
    grants: frozenset
    detail: str


def test_grant_not_offered_names_where_it_was_offered():
    check = grant_not_offered("password", "RFC9700-2.4", "offered")
    assert check(Offer(frozenset({"authorization_code"}), "declared")) is None
    violation = check(Offer(frozenset({"password"}), "advertised in the metadata (x)"))
    assert violation is not None
    assert violation.actual == "password is advertised in the metadata (x)"


def test_json_field_absent():
    check = json_field_absent("refresh_token", "RFC6749-4.4.3", "a refresh token")
    assert check(reply(200, {"access_token": "a"})) is None
    violation = check(reply(200, {"access_token": "a", "refresh_token": "secret-rt-1"}))
    assert violation is not None
    assert "secret-rt-1" not in str(violation)


def test_error_code_not():
    check = error_code_not("invalid_grant", "RFC9700-2.4", "processed")
    assert check(reply(400, {"error": "unsupported_grant_type"})) is None
    assert check(reply(400, {"error": "invalid_grant"})) is not None


def test_same_answer_as_compares_status_error_and_description():
    unknown = reply(400, {"error": "invalid_grant", "error_description": "Bad credentials"})
    check = same_answer_as(unknown, "RFC6749-4.3.2", "differ", other_name="an unknown user")
    assert (
        check(reply(400, {"error": "invalid_grant", "error_description": "Bad credentials"}))
        is None
    )
    assert check(reply(400, {"error": "invalid_grant", "error_description": "Wrong password"}))
    assert check(reply(401, {"error": "invalid_grant", "error_description": "Bad credentials"}))


def test_params_not_in_query():
    check = params_not_in_query(("access_token",), "RFC6749-4.2.2", "in the query")
    assert check([f"{CALLBACK}#access_token=t1&state=s"]) is None
    violation = check([f"{CALLBACK}?access_token=t1&state=s"])
    assert violation is not None
    assert "t1" not in str(violation)


def test_response_param_is_exact_beside_the_token():
    check = response_param_is("state", "abc123", "RFC6749-4.2.2", "state")
    assert collect([f"{CALLBACK}?code=x", f"{CALLBACK}#access_token=t&state=abc123"], check) == []
    for url in (
        f"{CALLBACK}#access_token=t&state=abc",
        f"{CALLBACK}#access_token=t",
        f"{CALLBACK}#access_token=t&state=abc123&state=abc123",
        f"{CALLBACK}?access_token=t&state=x",
    ):
        violation = check([url])
        assert violation is not None, url
        assert "abc123" not in str(violation)
