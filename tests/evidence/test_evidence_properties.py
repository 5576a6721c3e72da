"""Property: no configured or learned secret, nor its URL-encoded or base64 form, ever leaves
the evidence: not in the transcript, not in the curl lines, not in a redacted failure message.

A secret that could be ordinary text (``_patterns.looks_ordinary``: a word, an identifier, a
number) is hidden only where it stands as a value, so the flow below quotes such a secret in
prose as a quoted value (``prose``); a random-looking one is quoted bare, and must vanish too."""

from __future__ import annotations

import base64
import json
import shlex
import string
from dataclasses import dataclass
from urllib.parse import quote, quote_plus

import httpx
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from harness.evidence import Evidence, Navigation, Redactor, exchange_from_error
from harness.evidence import exchange_from_httpx as from_httpx
from harness.evidence._patterns import looks_ordinary, never_hidden_outside_its_field

BASE = "http://127.0.0.1:5000"
REDIRECT = "http://127.0.0.1:6000/callback"
CLIENT_ID = "client-one.client.test"

# Each example renders a whole flow (tens of ms): a tenth of the profile's examples, at least 50.
FLOW = settings(max_examples=max(50, settings().max_examples // 10), deadline=None)

# Anything a server may put in a body or a URL, with a bias towards the syntax redaction parses;
# header values are restricted to what HTTP allows.
_char = st.characters(codec="utf-8", exclude_categories=("Cs", "Cc"))
_syntax = st.sampled_from(
    ["&", "=", "%", "%2B", "+", "/", ":", " ", '"', "'", "\\", "<", ">", "#", ";", ",", "?",
     "code=", "token=", "Bearer ", "Basic ", '": "', "<code#1>", "\u00e9", "\n"]
)  # fmt: skip
any_text = st.one_of(
    st.text(_char, min_size=8, max_size=32),
    st.lists(st.one_of(_syntax, _char), min_size=8, max_size=16).map("".join),
)
token_text = st.text(string.ascii_letters + string.digits + "-._~+/", min_size=8, max_size=32)
cookie_text = st.text(string.ascii_letters + string.digits + "!#$%&'()*+-./:<=>?@[]^_`{|}~",
                      min_size=8, max_size=32)  # fmt: skip


@dataclass(frozen=True)
class Secrets:
    client_secret: str  # configured
    password: str  # configured
    code: str  # learned from the callback URL
    verifier: str  # learned from the token request
    access: str  # learned from the token response
    refresh: str
    id_token: str
    cookie: str  # learned from Set-Cookie
    csrf: str  # learned from a page

    def values(self) -> list[str]:
        return list(vars(self).values())


secrets = st.builds(
    Secrets,
    client_secret=any_text,
    password=any_text,
    code=any_text,
    verifier=any_text,
    access=token_text,
    refresh=any_text,
    id_token=token_text,
    cookie=cookie_text,
    csrf=any_text,
)
DUMMY = Secrets(*(f"DUMMY-{name}-0000" for name in Secrets.__dataclass_fields__))


def prose(value: str) -> str:
    """How free text mentions ``value``: bare when it looks random (hidden everywhere), as a
    quoted value when it looks ordinary, under its name when it reads as a requirement id or a
    protocol word (hidden only there)."""
    if never_hidden_outside_its_field(value):
        return f"secret={quote_plus(value)}"
    return repr(value) if looks_ordinary(value) else value


def respond(s: Secrets, request: httpx.Request) -> httpx.Response:
    """A stand-in AS (no client, no transport: each example must be cheap)."""
    if request.url.path == "/oauth2/token":
        body = {"access_token": s.access, "refresh_token": s.refresh, "id_token": s.id_token,
                "token_type": "Bearer", "expires_in": 3600}  # fmt: skip
        headers = {"Set-Cookie": f"sid={s.cookie}; Path=/"}
        return httpx.Response(200, json=body, headers=headers, request=request)
    if request.url.path == "/login":
        page = f'<form><input type="hidden" name="csrf_token" value="{s.csrf}"></form>'
        return httpx.Response(200, html=page, request=request)
    # The API echoes the token it refused, in a field with a harmless name.
    message = {"ok": False, "message": f"token {prose(s.access)} / {prose(s.refresh)} refused"}
    return httpx.Response(401, json=message, request=request)


def scenario(s: Secrets) -> tuple[Evidence, str]:
    """A whole authorization-code flow's evidence, and a failure message that quotes secrets."""
    evidence = Evidence(Redactor([s.client_secret, s.password]))
    callback = httpx.URL(REDIRECT, params={"code": s.code, "state": "st-1"})
    evidence.add_navigation(Navigation(str(callback), status=303, kind="redirect"))
    basic = base64.b64encode(f"{CLIENT_ID}:{quote(s.client_secret, safe='')}".encode()).decode()
    token_form = {"grant_type": "authorization_code", "code": s.code, "redirect_uri": REDIRECT,
                  "code_verifier": s.verifier, "client_id": CLIENT_ID,
                  "client_secret": s.client_secret}  # fmt: skip
    login_form = {"email": "user@example.com", "password": s.password, "csrf_token": s.csrf}
    requests = [
        httpx.Request("GET", f"{BASE}/login"),
        httpx.Request("POST", f"{BASE}/login", data=login_form),
        httpx.Request("POST", f"{BASE}/oauth2/token", data=token_form),
        httpx.Request("POST", f"{BASE}/oauth2/token",
                      data={"grant_type": "refresh_token", "refresh_token": s.refresh},
                      headers={"Authorization": f"Basic {basic}"}),
        httpx.Request("GET", f"{BASE}/api/v1/workspaces",
                      headers={"Authorization": f"Bearer {s.access}", "Cookie": f"sid={s.cookie}"}),
        httpx.Request("GET", f"{BASE}/api/v1/workspaces", params={"access_token": s.access}),
    ]  # fmt: skip
    for request in requests:
        evidence.add_exchange(from_httpx(respond(s, request)))
    request = httpx.Request("POST", f"{BASE}/oauth2/revoke", data={"token": s.refresh})
    evidence.add_exchange(exchange_from_error(request, RuntimeError(f"refused {prose(s.refresh)}")))
    evidence.add_note(
        f"id_token {prose(s.id_token)} and verifier {prose(s.verifier)} were not accepted"
    )
    message = (
        f"assert {prose(s.access)} != {prose(s.refresh)}; body {json.dumps({'code': s.code})}; "
        f"password={s.password!r}; sent {prose(s.client_secret)} as "
        f"{prose(quote_plus(s.client_secret))}"
    )
    return evidence, message


def rendered(s: Secrets) -> str:
    evidence, message = scenario(s)
    return "\n".join(
        [evidence.render_text(), *evidence.render_curl(), evidence.redactor.redact(message)]
    )


def forms(secret: str) -> set[str]:
    raw = secret.encode("utf-8")
    return {secret, quote(secret, safe=""), quote_plus(secret), base64.b64encode(raw).decode()}


BASELINE = rendered(DUMMY)


def suspects_of(s: Secrets) -> set[str]:
    """Every secret's forms, once the example is known to be meaningful."""
    suspects = {form for value in s.values() for form in forms(value)}
    # A form that the harness's own text contains (a header name, a label) proves nothing.
    assume(not any(form in BASELINE for form in suspects))
    return suspects


@FLOW
@given(secrets)
def test_no_secret_or_encoding_of_one_survives_rendering(s: Secrets) -> None:
    suspects = suspects_of(s)
    evidence, message = scenario(s)
    curl = evidence.render_curl()
    output = "\n".join([evidence.render_text(), *curl, evidence.redactor.redact(message)])
    leaked = sorted(form for form in suspects if form in output)
    assert not leaked, f"leaked {leaked!r}"
    # The plugin redacts report text again, curl lines included: that must change nothing.
    assert evidence.redactor.redact(output) == output
    # The curl lines parse as shell words, and carry variables where the secrets were.
    for line in curl:
        assert line.startswith("# ") or shlex.split(line)[0] == "curl"
    if len(set(s.values())) == len(s.values()):  # equal secrets share one label, one variable
        for variable in ("${CODE}", "${CLIENT_SECRET}", "${REFRESH_TOKEN}", "${ACCESS_TOKEN}"):
            assert variable in output


@FLOW
@given(secrets)
def test_labels_are_stable_across_renderings(s: Secrets) -> None:
    suspects_of(s)
    assume(s.values().count(s.code) == 1)  # another secret equal to it would label it first
    evidence, _ = scenario(s)
    first = evidence.render_text()
    assert evidence.render_text() == first
    assert "<code#1>" in evidence.redactor.redact(f"code={quote_plus(s.code)}")
    assert first.count("<code#1>") >= 2  # the callback and the token request: same code
