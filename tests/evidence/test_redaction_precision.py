"""Redaction hides every secret and nothing else (issue 9).

Field case: on a server whose error redirects drop ``state``, a requirement id became a secret
placeholder (``[MUST <code#1>]``) in the summary, the failure marker and JUnit. The rule: a known
secret is replaced where it stands as a value (a parameter, a header, a cookie, a JSON or repr
string, a URL path segment or userinfo), and everywhere only when it is long and random enough
to be a credential. Secrets here collide on purpose with words, ids and the harness's own text.
"""

from __future__ import annotations

import base64
import json
import re
from urllib.parse import quote, quote_plus

import pytest

from harness.evidence import Evidence, Exchange, Navigation, Redactor
from harness.evidence._patterns import looks_ordinary

JSON = [("Content-Type", "application/json")]
CALLBACK = "http://127.0.0.1:7/callback"

# What a report says around a failure: none of it may change, whatever the secrets are.
ORDINARY = "\n".join(
    [
        "[MUST RFC6749-4.1.2.1] The denied-consent error redirect did not echo the state",
        "  Expected: state = 'a&b=c#d' (7 characters)",
        "  Actual:   no 'state' parameter",
        "  See:      https://www.rfc-editor.org/rfc/rfc6749#section-4.1.2.1",
        "scenarios/authorization/test_error_state.py::test_error_redirect_echoes_every_state"
        "_exactly[denied-consent]",
        "the mock server granted scope read write to client-one.client.test with Bearer tokens",
        "[SHOULD RFC6749-10.4] (catalogue 93) hunter2 mock read Bearer <code#1> ${CODE}",
    ]
)

# Each collides with a word or an id of the text above.
COLLIDING = [
    "RFC6749-4.1.2.1",
    "RFC6749-4.1.2",
    "read",
    "mock",
    "Bearer",
    "hunter2",
    "client-one.client.test",
    "scenarios",
    "state",
    "https://www.rfc-editor.org/rfc/rfc6749#section-4.1.2.1",
]


def test_field_case_a_code_equal_to_a_requirement_id_rewrites_no_requirement_id() -> None:
    """A server handing out a code that reads like a requirement id: the callback's code is
    hidden, the failure header naming the requirement is not."""
    evidence = Evidence()
    evidence.add_navigation(
        Navigation(f"{CALLBACK}?code=RFC6749-4.1.2.1", status=302, kind="redirect")
    )
    redact = evidence.redactor.redact
    assert redact(f"{CALLBACK}?code=RFC6749-4.1.2.1") == f"{CALLBACK}?code=<code#1>"
    assert redact(ORDINARY) == ORDINARY
    summary = json.dumps({"requirement": "RFC6749-4.1.2.1", "message": ORDINARY})
    assert redact(summary) == summary
    junit = '<testcase name="x"><failure message="[MUST RFC6749-4.1.2.1] A used code"/>'
    assert redact(junit) == junit


@pytest.mark.parametrize("secret", COLLIDING)
def test_an_ordinary_looking_secret_rewrites_no_ordinary_text(secret: str) -> None:
    assert looks_ordinary(secret)
    redactor = Redactor([secret])
    redactor.learn_from_url(f"{CALLBACK}?code={quote(secret, safe='')}&state=s")
    assert redactor.redact(ORDINARY) == ORDINARY


def hidden_places(secret: str) -> list[str]:
    """The value positions a secret can take, each holding it whole."""
    plus, pct = quote_plus(secret), quote(secret, safe="")
    return [
        f"GET /cb?q={pct}&x=1",
        f"GET /cb?q={plus}",
        f"https://c.test/cb#frag={pct}",
        f"grant_type=x&note={plus}&scope=read",
        json.dumps({"message": secret, "n": 1}),
        json.dumps({"message": secret}, indent=2),
        f"assert {secret!r} == 'other'",
        f"UserConfig(name={secret!r})",
        f"[('note', {secret!r})]",
        f'<input type="hidden" name="nonce" value="{secret}">',
        f"  X-Echo: {secret}\n  Server: x",
        f"Cookie: theme={secret}; sid=1",
        f"http://127.0.0.1:5/users/{pct}/profile",
        f"http://127.0.0.1:5/users/{pct}?x=1",
        f"http://someone:{pct}@127.0.0.1:5/",
    ]


@pytest.mark.parametrize("secret", ["hunter2", "read", "mock", "pass word", "4711"])
def test_an_ordinary_looking_secret_is_hidden_wherever_it_stands_as_a_value(secret: str) -> None:
    redactor = Redactor([secret])
    for place in hidden_places(secret):
        shown = redactor.redact(place)
        assert "<secret#1>" in shown, place
    # Under a sensitive name it is labelled by that name's kind, as before.
    assert redactor.redact(f"password={quote_plus(secret)}") == "password=<secret#1>"
    # As a whole header or form value.
    assert redactor.redact_header("X-Echo", secret) == "<secret#1>"
    assert redactor.redact_field("note", secret) == "<secret#1>"


def test_an_ordinary_secret_under_a_public_name_is_that_name_s_value() -> None:
    """``scope=read`` is the scope, even when some password is "read" (RFC 6749 §3.3)."""
    redactor = Redactor(["read"])
    text = 'scope=read&client_id=x {"token_type": "Bearer", "scope": "read"}'
    assert redactor.redact(text) == text
    assert redactor.redact_field("scope", "read") == "read"
    assert redactor.redact("client_secret=read") == "client_secret=<client_secret#1>"


RANDOM = "canary-secret-9f3a0c27b1e84d5a"


def test_a_random_looking_secret_is_hidden_everywhere_in_every_encoding() -> None:
    redactor = Redactor([RANDOM])
    b64 = base64.b64encode(RANDOM.encode()).decode()
    urlsafe = base64.urlsafe_b64encode(RANDOM.encode()).decode().rstrip("=")
    basic = base64.b64encode(f"client-one.client.test:{RANDOM}".encode()).decode()
    escaped = json.dumps(RANDOM)[1:-1]
    text = f"prose {RANDOM}. also{RANDOM}x {quote_plus(RANDOM)} {b64} {urlsafe} {escaped}"
    shown = redactor.redact(text + f" Authorization: Basic {basic}")
    assert RANDOM not in shown
    assert b64 not in shown
    assert urlsafe not in shown
    assert basic not in shown
    assert re.fullmatch(
        r"prose (<\w+#1>)\. also\1x \1 \1 \1 \1 Authorization: Basic (base64\(.*\)|\1)", shown
    ), shown


@pytest.mark.parametrize("word", ["Bearer", "state", "RFC6749-4.1.2", "invalid_grant"])
def test_a_secret_equal_to_a_protocol_word_or_id_is_hidden_under_its_own_name_only(
    word: str,
) -> None:
    """A password "Bearer" leaves ``token_type``, the Authorization scheme and messages alone;
    it is still hidden where it is sent as the password."""
    redactor = Redactor([word])
    assert redactor.redact(f"password={word}") == "password=<password#1>"
    for text in (f'{{"token_type": "{word}"}}', f"Authorization: {word}", f"no '{word}' here"):
        assert redactor.redact(text) == text


def test_learned_tokens_that_look_ordinary_are_hidden_in_value_positions_only() -> None:
    """A server whose refresh tokens are words: hidden in the token response and when sent
    back, not in prose."""
    evidence = Evidence()
    evidence.add_exchange(
        Exchange("POST", "http://as.test/token", status=200, response_headers=JSON,
                 response_body=b'{"access_token": "mockmock", "refresh_token": "readable"}')
    )  # fmt: skip
    redact = evidence.redactor.redact
    assert redact('{"refresh_token": "readable"}') == '{"refresh_token": "<refresh_token#1>"}'
    assert redact("sent 'readable' twice") == "sent '<refresh_token#1>' twice"
    assert redact("the readable mockmock text") == "the readable mockmock text"
    assert "mockmock" not in evidence.render_text()


def test_labels_and_shell_variables_are_never_rewritten() -> None:
    redactor = Redactor(["code#1", "CODE", "secret"])
    text = "code=<code#1> client_secret=${CLIENT_SECRET} <secret#1> ${CODE}"
    assert redactor.redact(text) == text
