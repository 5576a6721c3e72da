"""Values the harness makes up to be refused are no secrets: evidence, failure text and curl
lines print them as they are. Real secrets, and forgeries cut from them, stay hidden."""

from __future__ import annotations

import shlex
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest

from harness.client import OAuthClient
from harness.evidence import Evidence, Exchange, Redactor
from harness.flows import HttpSession
from harness.targets import load_target
from tests._loopback import serving

SECRET = "real-Secret-0a1b2c3d4e"
REAL_REFRESH = "rt-Real0123456789abcdefXYZ"
REAL_ACCESS = "at-Real0123456789abcdefXYZ"


class _Refuser(BaseHTTPRequestHandler):
    def _answer(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        self.rfile.read(length)
        body = b'{"error": "invalid_grant"}'
        self.send_response(400)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        self._answer()

    def do_POST(self) -> None:
        self._answer()

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def issuer() -> Iterator[str]:
    with serving(_Refuser) as url:
        yield url


TARGET = """\
kind = "remote"
[endpoints]
issuer = "{issuer}"
authorization = "/authorize"
token = "/token"
revocation = "/revoke"
[clients.primary]
id = "client.test"
secret = "${{PRIMARY_SECRET}}"
auth_method = "{method}"
redirect_uri = "http://127.0.0.1/callback"
[api.probe]
url = "/api"
"""


def client(tmp_path: Path, issuer: str, method: str = "client_secret_post") -> OAuthClient:
    path = tmp_path / "t.toml"
    path.write_text(TARGET.format(issuer=issuer, method=method), "utf-8")
    target = load_target(path, {"PRIMARY_SECRET": SECRET})
    evidence = Evidence(Redactor(target.secrets()))
    # What an earlier token response taught the redactor.
    evidence.add_exchange(
        Exchange("POST", f"{issuer}/token", status=200,
                 response_headers=[("Content-Type", "application/json")],
                 response_body=f'{{"access_token": "{REAL_ACCESS}", '
                               f'"refresh_token": "{REAL_REFRESH}"}}'.encode())
    )  # fmt: skip

    def no_browser() -> object:
        raise AssertionError("no browser is needed")

    return OAuthClient(target, HttpSession(evidence), no_browser, no_browser, evidence)  # type: ignore[arg-type]


def shown(oauth: OAuthClient) -> str:
    return "\n".join([oauth.evidence.render_text(), *oauth.evidence.render_curl()])


def test_an_unknown_refresh_token_and_a_wrong_secret_are_printed_as_they_are(
    tmp_path: Path, issuer: str
) -> None:
    oauth = client(tmp_path, issuer)
    bogus = "harness-unknown-refresh-7Yq2"
    oauth.refresh(bogus)
    oauth.client_credentials(secret="harness-wrong-secret-0")
    text = shown(oauth)
    assert f"refresh_token={bogus}" in text
    assert "client_secret=harness-wrong-secret-0" in text
    assert SECRET not in text  # the configured one, sent by the refresh, stays hidden
    message = f"assert refresh_token={bogus!r} was refused; the secret was {SECRET}"
    assert oauth.evidence.redactor.redact(message) == (
        f"assert refresh_token={bogus!r} was refused; the secret was <client_secret#1>"
    )


def test_a_forgery_cut_from_a_real_token_stays_hidden(tmp_path: Path, issuer: str) -> None:
    """Printing ``real[:-1]`` would give away all but one character of a live token."""
    oauth = client(tmp_path, issuer)
    for forged in (REAL_REFRESH[:-1], REAL_REFRESH + "A", "B" + REAL_REFRESH[1:]):
        oauth.refresh(forged)
        assert forged not in shown(oauth)
    assert REAL_REFRESH[:16] not in shown(oauth)


def test_a_made_up_value_equal_to_a_real_secret_stays_a_secret(tmp_path: Path, issuer: str) -> None:
    oauth = client(tmp_path, issuer)
    oauth.client_credentials(secret=SECRET)
    oauth.refresh(REAL_REFRESH)
    assert SECRET not in shown(oauth)
    assert REAL_REFRESH not in shown(oauth)


def test_dummy_authorization_credentials_are_not_a_client_secret(
    tmp_path: Path, issuer: str
) -> None:
    """``Basic dXNlcjpwYXNz`` (user:pass) and ``Bearer invalid`` are made up; the real token
    inside a malformed header is a shell variable, never a label inside a shell string."""
    oauth = client(tmp_path, issuer, method="client_secret_basic")
    oauth.call_api_raw(authorization=["Bearer invalid", "Basic dXNlcjpwYXNz"])
    oauth.call_api_raw(authorization=[f"Bearer{REAL_ACCESS}"])
    text = shown(oauth)
    assert "Authorization: Bearer invalid" in text
    assert "CLIENT_SECRET" not in text
    assert "<client_secret#" not in text
    curls = [line for line in oauth.evidence.render_curl() if line.startswith("curl")]
    first = shlex.split(curls[-2])
    assert "-u" not in first  # two Authorization lines: both replayed as they were
    assert "Authorization: Bearer invalid" in first
    assert "Authorization: Basic dXNlcjpwYXNz" in first
    malformed = shlex.split(curls[-1])
    assert "Authorization: Bearer${ACCESS_TOKEN}" in malformed
    assert "<" not in curls[-1]
    assert REAL_ACCESS not in text


def test_a_wrong_code_verifier_is_shown_in_evidence_and_failure_text() -> None:
    """What ``exchange(code_verifier=...)`` declares: a verifier of no authorization."""
    redactor = Redactor()
    real = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"
    redactor.add_secret(real, "code_verifier")  # what authorize() does for its own request
    wrong = "Xq7Lr2YpW9sNc4TfV1hKz8MbD3gR6uAeJ0oPiS5yQwE"
    assert redactor.declare_public(wrong)
    assert not redactor.declare_public(real)
    evidence = Evidence(redactor)
    evidence.add_exchange(
        Exchange("POST", "http://as.test/token",
                 request_headers=[("Content-Type", "application/x-www-form-urlencoded")],
                 request_body=f"grant_type=authorization_code&code_verifier={wrong}".encode(),
                 status=400)
    )  # fmt: skip
    assert f"code_verifier={wrong}" in evidence.render_text()
    assert f"code_verifier={wrong}" in "\n".join(evidence.render_curl())
    assert redactor.redact(f"code_verifier={wrong!r} vs {real}") == (
        f"code_verifier={wrong!r} vs <code_verifier#1>"
    )
