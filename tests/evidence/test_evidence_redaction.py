"""Redaction by example: one test per place a secret can hide, and what must stay readable."""

from __future__ import annotations

import base64
from urllib.parse import quote, quote_plus

import pytest

from harness.evidence import Evidence, Exchange, Navigation, Redactor

JSON = [("Content-Type", "application/json")]
FORM = [("Content-Type", "application/x-www-form-urlencoded")]


def test_query_code_is_redacted_and_state_and_client_id_are_kept() -> None:
    text = Redactor().redact("http://127.0.0.1:5/cb?code=SplxlOBeZQQYbYS6WxSbIA&state=xyz-123")
    assert text == "http://127.0.0.1:5/cb?code=<code#1>&state=xyz-123"
    url = "https://as.test/authorize?client_id=client-one.client.test&state=abc"
    assert Redactor().redact(url) == url


def test_fragment_tokens_are_redacted() -> None:
    text = Redactor().redact("https://c.test/cb#access_token=2YotnFZFEjr1zCsicMWpAA&token_type=x")
    assert text == "https://c.test/cb#access_token=<access_token#1>&token_type=x"


@pytest.mark.parametrize(
    "name", ["client_secret", "code_verifier", "password", "refresh_token", "token", "csrf_token"]
)
def test_form_fields_are_redacted(name: str) -> None:
    text = Redactor().redact(f"grant_type=refresh_token&{name}=v4lue%2Bwith%2Fsymbols&scope=read")
    assert "v4lue" not in text
    assert text.startswith("grant_type=refresh_token&")
    assert text.endswith("&scope=read")


def test_json_tokens_are_redacted_but_error_codes_are_not() -> None:
    body = '{"access_token": "at-1234567890", "id_token": "eyJ.x.y", "code": "UNAUTHORIZED"}'
    text = Redactor().redact(body)
    assert text == (
        '{"access_token": "<access_token#1>", "id_token": "<id_token#1>", "code": "UNAUTHORIZED"}'
    )


def test_python_reprs_are_redacted() -> None:
    redactor = Redactor()
    text = redactor.redact(
        "[('code', 'Zx81kQ9pLm3Rt7vW'), ('state', 's1')] UserConfig(password='pw 1 2')"
    )
    assert text == "[('code', '<code#1>'), ('state', 's1')] UserConfig(password='<password#1>')"


def test_free_text_that_merely_names_a_sensitive_field_is_left_alone() -> None:
    """Source lines in tracebacks pass "code" and a requirement id as two arguments: the id is
    no secret, and must not become one everywhere else (the failure header, JUnit, summary)."""
    redactor = Redactor()
    source = 'verify(url, param_absent("code", "RFC7636-4.4.1", "A public client got a code"))'
    assert redactor.redact(source) == source
    header = "[MUST RFC7636-4.4.1] A public client got a code without PKCE"
    assert redactor.redact(header) == header
    words = "error=invalid_grant code=UNAUTHORIZED scope=read client_id=client-one.client.test"
    assert redactor.redact(words) == words


def test_a_short_value_under_a_sensitive_name_is_hidden_there_only() -> None:
    redactor = Redactor()
    assert redactor.redact("callback?code=abc12&state=x") == "callback?code=<code#1>&state=x"
    assert redactor.redact("abc12 is mentioned elsewhere") == "abc12 is mentioned elsewhere"


def test_html_csrf_input_is_redacted() -> None:
    page = '<input type="hidden" name="csrf_token" value="c5rf-V4lue-0001"><input name="email">'
    assert "c5rf-V4lue-0001" not in Redactor().redact(page)


def test_bearer_header_is_labelled_as_the_token_it_carries() -> None:
    redactor = Redactor()
    redactor.learn_from_exchange(
        Exchange("POST", "http://as.test/token", status=200, response_headers=JSON,
                 response_body=b'{"access_token": "at-0123456789abcdef"}')
    )  # fmt: skip
    assert redactor.redact_header("Authorization", "Bearer at-0123456789abcdef") == (
        "Bearer <access_token#1>"
    )
    assert redactor.redact_header("Authorization", "Bearer unknown-token-1") == (
        "Bearer <access_token#2>"
    )


def test_basic_header_hides_the_secret_and_learns_it() -> None:
    secret = "s3cret-one:%+/"
    pair = f"client-one.client.test:{quote(secret, safe='')}"
    credentials = base64.b64encode(pair.encode()).decode()
    redactor = Redactor()
    shown = redactor.redact_header("Authorization", f"Basic {credentials}")
    assert shown == "Basic base64(client-one.client.test:<client_secret#1>)"
    # Learnt by decoding: the raw and encoded forms are now redacted in free text too.
    assert redactor.redact(f"sent {secret} / {quote_plus(secret)} / {credentials}") == (
        "sent <client_secret#1> / <client_secret#1> / <client_secret#1>"
    )


def test_cookies_are_redacted_but_cookie_attributes_are_kept() -> None:
    redactor = Redactor()
    assert redactor.redact_header("Cookie", "sid=abc123def456; theme=dark") == (
        "sid=<cookie#1>; theme=<cookie#2>"
    )
    assert redactor.redact_header("Set-Cookie", "sid=abc123def456; Path=/; HttpOnly; Secure") == (
        "sid=<cookie#1>; Path=/; HttpOnly; Secure"
    )


def test_csrf_header_is_redacted() -> None:
    assert Redactor().redact_header("X-CSRF-Token", "tok-123456") == "<csrf_token#1>"
    assert Redactor().redact("X-CSRF-Token: tok-123456") == "X-CSRF-Token: <csrf_token#1>"


def test_configured_secret_is_redacted_everywhere_with_its_encodings() -> None:
    secret = "correct horse battery staple"
    redactor = Redactor([secret])
    b64 = base64.b64encode(secret.encode()).decode()
    text = redactor.redact(f"typed {secret}; sent {quote(secret)} and {quote_plus(secret)}; {b64}")
    assert text == "typed <secret#1>; sent <secret#1> and <secret#1>; <secret#1>"


def test_configured_secret_takes_the_kind_of_the_field_it_first_appears_in() -> None:
    redactor = Redactor(["s3cret-two"])
    assert redactor.redact("client_secret=s3cret-two") == "client_secret=<client_secret#1>"
    assert redactor.redact("echo s3cret-two") == "echo <client_secret#1>"


def test_learned_values_are_redacted_in_free_text() -> None:
    redactor = Redactor()
    redactor.learn_from_url("http://127.0.0.1:9/callback?code=c0de%2Fwith%2Bplus&state=s")
    assert redactor.redact("the AS accepted c0de/with+plus twice") == (
        "the AS accepted <code#1> twice"
    )
    assert redactor.redact("c0de%2Fwith%2Bplus") == "<code#1>"


def test_short_learned_values_are_redacted_only_in_their_own_field() -> None:
    redactor = Redactor()
    redactor.learn_from_url("http://127.0.0.1:9/callback?code=abc&state=s")
    assert redactor.redact("GET /abc/ok?code=abc") == "GET /abc/ok?code=<code#1>"


def test_labels_are_stable_per_distinct_value() -> None:
    redactor = Redactor()
    first = redactor.redact("code=AAAAAAAA11bbbbbb&code=BBBBBBBB22cccccc&code=AAAAAAAA11bbbbbb")
    assert first == "code=<code#1>&code=<code#2>&code=<code#1>"
    assert redactor.redact("AAAAAAAA11bbbbbb") == "<code#1>"


def test_redaction_is_idempotent_on_its_own_output() -> None:
    redactor = Redactor(["s3cret-one:%+/"])
    once = redactor.redact("client_secret=s3cret-one%3A%25%2B%2F&code=Zx81kQxx9 Bearer abc123xyz9")
    assert redactor.redact(once) == once


def test_evidence_learns_tokens_as_exchanges_arrive() -> None:
    evidence = Evidence()
    evidence.add_navigation(
        Navigation("http://127.0.0.1:7/callback?code=learnt-code-1&state=st", status=303,
                   kind="redirect")
    )  # fmt: skip
    evidence.add_exchange(
        Exchange("POST", "http://as.test/token", request_headers=FORM,
                 request_body=b"grant_type=authorization_code&code=learnt-code-1", status=200,
                 response_headers=JSON, response_body=b'{"refresh_token": "rt-learnt-0001"}')
    )  # fmt: skip
    message = "assert 'rt-learnt-0001' != 'learnt-code-1'"
    assert evidence.redactor.redact(message) == "assert '<refresh_token#1>' != '<code#1>'"


def test_transport_error_text_is_redacted() -> None:
    evidence = Evidence(Redactor(["s3cret-two"]))
    evidence.add_exchange(
        Exchange("POST", "http://127.0.0.1:1/token?client_secret=s3cret-two",
                 error="ConnectError: refused for client_secret=s3cret-two")
    )  # fmt: skip
    text = evidence.render_text()
    assert "s3cret-two" not in text
    assert "✗ no response: ConnectError: refused for client_secret=<client_secret#1>" in text


def test_secrets_that_overlap_are_hidden_together() -> None:
    # A configured secret that ends inside a code= field: neither may be left half shown.
    text = Redactor(["xx&code=Ab"]).redact("free text xx&code=AbCdEf123 end")
    assert text == "free text <secret#1><code#1> end"


def test_records_keep_secrets_out_of_their_repr() -> None:
    """pytest prints frame arguments by repr, cut short; a cut secret would escape redaction."""
    from harness.evidence import Exchange, Navigation

    token = "tok3n-value-that-must-not-show"
    exchange = Exchange(
        "POST",
        f"http://127.0.0.1:1/api?access_token={token}",
        request_headers=[("Authorization", f"Bearer {token}")],
        request_body=f"refresh_token={token}".encode(),
        status=200,
        response_body=f'{{"access_token": "{token}"}}'.encode(),
    )
    navigation = Navigation(f"http://127.0.0.1:2/callback?code={token}", kind="redirect")
    assert token not in repr(exchange)
    assert token not in repr(navigation)
    assert repr(exchange) == "Exchange(POST http://127.0.0.1:1/api -> 200)"
