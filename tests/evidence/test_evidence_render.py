"""The transcript and the curl lines: readable, complete, redacted, and runnable by a shell."""

from __future__ import annotations

import base64
import json
import shlex
from urllib.parse import quote

import httpx

from harness.evidence import (
    Evidence,
    Exchange,
    Navigation,
    Redactor,
    exchange_from_error,
    exchange_from_httpx,
)

SECRET = "s3cret-one:%+/"
BASE = "http://127.0.0.1:5000"


def token_server(request: httpx.Request) -> httpx.Response:
    if request.url.path == "/oauth2/token":
        return httpx.Response(
            400, json={"error": "invalid_grant", "error_description": "code was already used"}
        )
    return httpx.Response(200, text="x" * 5000)


def record(*requests: httpx.Request) -> Evidence:
    evidence = Evidence(Redactor([SECRET]))
    with httpx.Client(transport=httpx.MockTransport(token_server)) as client:
        for request in requests:
            evidence.add_exchange(exchange_from_httpx(client.send(request)))
    return evidence


def token_request(**extra: str) -> httpx.Request:
    form = {"grant_type": "authorization_code", "code": "Zx81kQ-code-0001", **extra}
    return httpx.Request(
        "POST", f"{BASE}/oauth2/token", data=form, headers={"Accept": "application/json"}
    )


def commands(evidence: Evidence) -> list[str]:
    """The curl commands, without the comment lines that say how to fill their variables."""
    return [line for line in evidence.render_curl() if not line.startswith("# ")]


def test_exchange_from_httpx_records_both_sides() -> None:
    evidence = record(token_request(client_secret=SECRET))
    (exchange,) = evidence.exchanges
    assert (exchange.method, exchange.url, exchange.status) == ("POST", f"{BASE}/oauth2/token", 400)
    assert ("Accept", "application/json") in exchange.request_headers  # the case as sent
    assert b"grant_type=authorization_code" in exchange.request_body
    assert json.loads(exchange.response_body)["error"] == "invalid_grant"
    assert exchange.error is None


def test_transcript_shows_request_response_and_pretty_json() -> None:
    text = record(token_request(client_secret=SECRET)).render_text()
    assert f"→ POST {BASE}/oauth2/token" in text
    assert "  Accept: application/json" in text
    assert "code=<code#1>" in text
    assert "client_secret=<client_secret#1>" in text
    assert "← 400 Bad Request (" in text
    assert " ms)" in text
    assert '\n    "error": "invalid_grant",\n' in text  # indented, pretty-printed
    assert "Zx81kQ-code-0001" not in text
    assert "s3cret-one" not in text


def test_long_bodies_are_truncated_with_a_note() -> None:
    text = record(httpx.Request("GET", f"{BASE}/big")).render_text()
    assert "x" * 4096 in text
    assert "x" * 4097 not in text
    assert "… [truncated: 904 more characters not shown]" in text


def test_secret_cut_by_truncation_does_not_leak_a_prefix() -> None:
    body = ("y" * 4090 + SECRET + "z" * 100).encode()
    exchange = Exchange("GET", f"{BASE}/p", status=200, response_body=body)
    evidence = Evidence(Redactor([SECRET]))
    evidence.add_exchange(exchange)
    text = evidence.render_text()
    assert "s3cret" not in text
    assert "y<secret#1>\n  … [truncated: 100 more" in text  # and the cut keeps the label whole


def test_binary_bodies_are_summarised() -> None:
    evidence = Evidence()
    evidence.add_exchange(Exchange("GET", f"{BASE}/img", status=200, response_body=b"\xff\x00\x01"))
    assert "[3 bytes of binary data]" in evidence.render_text()


def test_navigations_and_notes_appear_in_order() -> None:
    evidence = Evidence()
    evidence.add_note("authorize with a wrong redirect_uri")
    evidence.add_navigation(Navigation(f"{BASE}/oauth2/authorize?client_id=c&state=s"))
    evidence.add_navigation(
        Navigation("http://127.0.0.1:7/cb?code=c0de-abcdefgh&state=s", status=303, kind="redirect")
    )
    evidence.add_navigation(
        Navigation("https://cdn.test/x.js", status=200, kind="response", is_main_frame=False)
    )
    lines = evidence.render_text().split("\n\n")
    assert lines == [
        "# authorize with a wrong redirect_uri",
        f"⇢ GET {BASE}/oauth2/authorize?client_id=c&state=s",
        "⇢ 303 http://127.0.0.1:7/cb?code=<code#1>&state=s (redirect)",
        "⇢ 200 https://cdn.test/x.js (subframe)",
    ]
    assert len(evidence.navigations) == 3
    assert len(evidence.items) == 4


def test_transport_errors_are_shown_without_a_response() -> None:
    request = httpx.Request("GET", f"{BASE}/api/v1/workspaces")
    evidence = Evidence()
    evidence.add_exchange(exchange_from_error(request, httpx.ConnectError("refused"), 0.012))
    assert "✗ no response: ConnectError: refused (12 ms)" in evidence.render_text()
    assert evidence.exchanges[0].status is None


def test_curl_posts_form_fields_with_secrets_as_variables() -> None:
    (line,) = commands(record(token_request(client_secret=SECRET)))
    words = shlex.split(line)
    assert words[:5] == ["curl", "-sS", "-X", "POST", f"{BASE}/oauth2/token"]
    assert words[5:7] == ["-H", "Accept: application/json"]
    assert "--data-urlencode" in words
    assert "code=${CODE}" in words
    assert "client_secret=${CLIENT_SECRET}" in words
    assert "grant_type=authorization_code" in words
    assert not any(
        w.lower().startswith(("host:", "content-length:", "content-type:")) for w in words
    )
    assert "s3cret" not in line
    assert "Zx81kQ" not in line


def test_curl_uses_dash_u_for_basic_and_quotes_safely() -> None:
    pair = f"client-one.client.test:{quote(SECRET, safe='')}"
    basic = "Basic " + base64.b64encode(pair.encode()).decode()
    request = httpx.Request(
        "POST",
        f"{BASE}/oauth2/token",
        data={"grant_type": "refresh_token", "refresh_token": "rt-'quoted\"-$HOME`x`"},
        headers={"Authorization": basic},
    )
    (line,) = commands(record(request))
    words = shlex.split(line)
    assert words[words.index("-u") + 1] == "client-one.client.test:${CLIENT_SECRET}"
    assert "refresh_token=${REFRESH_TOKEN}" in words
    assert "$HOME" not in line


def test_curl_get_with_bearer_and_json_body() -> None:
    evidence = Evidence()
    evidence.add_exchange(
        Exchange(
            "GET",
            f"{BASE}/api/v1/workspaces?access_token=at-query-0123456789",
            request_headers=[("Authorization", "Bearer at-0123456789")],
        )
    )
    evidence.add_exchange(
        Exchange(
            "PUT",
            f"{BASE}/api/v1/x",
            request_headers=[("Content-Type", "application/json")],
            request_body=b'{"token": "tok-0123456789", "name": "it\'s"}',
        )
    )
    get, put = commands(evidence)
    assert shlex.split(get) == [
        "curl",
        "-sS",
        f"{BASE}/api/v1/workspaces?access_token=${{ACCESS_TOKEN}}",
        "-H",
        "Authorization: Bearer ${ACCESS_TOKEN_2}",
    ]
    words = shlex.split(put)
    assert words[words.index("--data-binary") + 1] == '{"token": "${TOKEN}", "name": "it\'s"}'
    assert words[5:7] == ["-H", "Content-Type: application/json"]


def test_shell_variable_only_for_issued_labels() -> None:
    redactor = Redactor()
    redactor.redact("code=AAAAAAAA11&code=BBBBBBBB22")
    assert redactor.shell_variable("<code#1>") == "CODE"
    assert redactor.shell_variable("<code#2>") == "CODE_2"
    assert redactor.shell_variable("<code#3>") is None
    assert redactor.shell_variable("not a label") is None


def test_redacting_curl_lines_again_changes_nothing() -> None:
    evidence = record(token_request(client_secret=SECRET))
    for line in evidence.render_curl():
        assert evidence.redactor.redact(line) == line


def test_curl_block_says_how_to_fill_each_variable_it_uses_and_no_other() -> None:
    evidence = record(token_request(client_secret=SECRET))
    evidence.add_navigation(
        Navigation(f"{BASE}/oauth2/authorize?response_type=code&client_id=c&state=s1")
    )
    lines = evidence.render_curl()
    comments = [line for line in lines if line.startswith("# ")]
    assert lines[: len(comments)] == comments  # the comments come first
    assert [c.split(":")[0] for c in comments if c.startswith("#   ") and ": " in c] == [
        "#   CODE",
        "#     authorization URL",
        "#   CLIENT_SECRET",
    ]
    assert f"#     authorization URL: {BASE}/oauth2/authorize?response_type=code" in "\n".join(
        comments
    )
    assert "ACCESS_TOKEN" not in "\n".join(comments)
    assert "CLIENT_SECRET: the client's secret from the target file" in "\n".join(comments)


def test_a_second_value_of_a_kind_is_explained_as_such() -> None:
    evidence = Evidence()
    evidence.add_exchange(
        Exchange("GET", f"{BASE}/api", request_headers=[("Authorization", "Bearer at-0123456789")])
    )
    evidence.add_exchange(
        Exchange("GET", f"{BASE}/api", request_headers=[("Authorization", "Bearer at-9876543210")])
    )
    text = "\n".join(evidence.render_curl())
    assert "#   ACCESS_TOKEN: an access_token" in text
    assert "#   ACCESS_TOKEN_2: a second, different value of the same kind as ACCESS_TOKEN" in text


def test_a_browser_only_scenario_gets_its_authorization_url_and_navigations() -> None:
    evidence = Evidence()
    authorize = f"{BASE}/oauth2/authorize?response_type=code&client_id=c&state=s1"
    evidence.add_navigation(Navigation(authorize))
    evidence.add_navigation(Navigation(f"{BASE}/login", status=200, kind="response"))
    evidence.add_navigation(
        Navigation("http://127.0.0.1:7/cb?code=c0de-Abcdefgh12&state=s1", status=302,
                   kind="redirect")
    )  # fmt: skip
    evidence.add_navigation(Navigation("https://cdn.test/x.js", is_main_frame=False))
    assert evidence.render_curl() == [
        "# No HTTP request went through the harness: this scenario drove the browser only.",
        "# Open this authorization URL in a browser and sign in as the target file's user:",
        f"#   {authorize}",
        "# The browser's navigations, in order:",
        f"#   ⇢ GET {authorize}",
        f"#   ⇢ 200 {BASE}/login",
        "#   ⇢ 302 http://127.0.0.1:7/cb?code=<code#1>&state=s1 (redirect)",
    ]
