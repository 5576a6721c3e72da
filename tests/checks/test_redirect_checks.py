"""redirect_refused and no_server_error_page judge the browser's navigation log."""

from __future__ import annotations

from harness.checks import no_server_error_page, redirect_refused
from harness.evidence import Navigation

SERVER = "http://127.0.0.1:5000/oauth2/authorize"
SENT = "http://127.0.0.1:40123/callback"
START = Navigation(SERVER + "?client_id=c&redirect_uri=x")
PAGE = Navigation(SERVER + "?client_id=c", status=400, kind="response")


def judge(*navigations: Navigation) -> str | None:
    violation = redirect_refused(SENT, SERVER, "RFC9700-4.1.3", "why")([START, *navigations])
    return None if violation is None else violation.actual


def test_an_error_page_is_a_refusal() -> None:
    assert judge(PAGE) is None


def test_a_code_anywhere_off_the_server_is_not() -> None:
    actual = judge(Navigation("http://127.0.0.1:40123/callback?code=c1&state=s", kind="redirect"))
    assert actual is not None
    assert "carrying a code" in actual


def test_a_code_carried_to_the_attacker_is_not() -> None:
    assert judge(Navigation("http://127.0.0.1:1@attacker.example/callback?code=c1")) is not None


def test_any_other_origin_is_not() -> None:
    actual = judge(Navigation("http://attacker.example/callback?error=invalid_request"))
    assert actual is not None
    assert "attacker.example" in actual


def test_an_error_to_the_registered_uri_is_allowed_but_not_to_another_path() -> None:
    assert judge(Navigation(SENT + "?error=invalid_request&state=s", kind="redirect")) is None
    moved = judge(Navigation("http://127.0.0.1:40123/FAKEPATH?error=invalid_request"))
    assert moved is not None
    assert "/FAKEPATH" in moved


def test_the_servers_own_pages_and_the_browsers_are_fine() -> None:
    assert (
        judge(Navigation("http://127.0.0.1:5000/login?next=x"), Navigation("about:blank")) is None
    )


def test_named_server_hosts_count_as_the_server() -> None:
    login = Navigation("https://login.example.com/signin?code_hint=1&code=x")
    check = redirect_refused(SENT, SERVER, "R", "why", server_hosts=("login.example.com",))
    assert check([START, login]) is None


def test_a_5xx_of_the_server_is_named() -> None:
    check = no_server_error_page(SERVER, "RFC6749-3.1.2.4", "crash")
    crash = Navigation(SERVER + "?redirect_uri=x", status=500, kind="response")
    client_page = Navigation(SENT, status=502, kind="response")
    assert check([START, PAGE]) is None
    assert check([START, client_page]) is None  # the client's page is not the server's
    violation = check([START, crash])
    assert violation is not None
    assert violation.actual.startswith("HTTP 500")


def test_a_redirect_the_browser_refused_to_follow_is_a_redirect() -> None:
    refused = Navigation(SERVER + "?x=1", kind="failed", failure="net::ERR_INVALID_REDIRECT")
    actual = judge(refused)
    assert actual is not None
    assert "could not follow" in actual
    assert judge(Navigation(SENT, kind="failed", failure="net::ERR_CONNECTION_REFUSED")) is None
