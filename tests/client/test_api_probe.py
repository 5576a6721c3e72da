"""API probes are sent as the target file describes them: method, headers, and the token."""

from __future__ import annotations

from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest

from harness.client import OAuthClient, Unavailable
from harness.evidence import Evidence, Redactor
from harness.flows import HttpSession, NoAnswerError
from harness.targets import load_target
from tests._loopback import serving

SEEN: list[tuple[str, str, dict[str, str]]] = []


class _Recorder(BaseHTTPRequestHandler):
    def _answer(self) -> None:
        SEEN.append((self.command, self.path, {k.lower(): v for k, v in self.headers.items()}))
        self.send_response(200)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"{}")

    def do_GET(self) -> None:
        self._answer()

    def do_POST(self) -> None:
        self._answer()

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def api() -> Iterator[str]:
    SEEN.clear()
    with serving(_Recorder) as url:
        yield url


TARGET = """\
kind = "remote"
[endpoints]
issuer = "{issuer}"
authorization = "/authorize"
token = "/token"
[clients.primary]
id = "client.test"
redirect_uri = "http://127.0.0.1/callback"
[api.probe]
url = "/rpc/listSpaces"
method = "POST"
headers = {{ Accept = "application/vnd.api+json", X-Api-Version = "2" }}
{extra}
"""


def client(tmp_path: Path, issuer: str, extra: str = "") -> OAuthClient:
    path = tmp_path / "t.toml"
    path.write_text(TARGET.format(issuer=issuer, extra=extra), encoding="utf-8")
    target = load_target(path, {})
    evidence = Evidence(Redactor(frozenset()))

    def no_browser() -> object:
        raise AssertionError("no browser is needed")

    return OAuthClient(target, HttpSession(evidence), no_browser, no_browser, evidence)  # type: ignore[arg-type]


def test_the_probe_goes_with_its_method_and_headers(tmp_path: Path, api: str) -> None:
    client(tmp_path, api).call_api("tok-123")
    [(method, path, headers)] = SEEN
    assert (method, path) == ("POST", "/rpc/listSpaces")
    assert headers["accept"] == "application/vnd.api+json"
    assert headers["x-api-version"] == "2"
    assert headers["authorization"] == "Bearer tok-123"


def test_the_identity_probe_is_used_when_configured_and_skipped_when_not(
    tmp_path: Path, api: str
) -> None:
    bare = client(tmp_path, api)
    with pytest.raises(Unavailable, match=r"has no \[api.identity\] configured"):
        bare.api_probe("identity")
    with_identity = client(tmp_path, api, '[api.identity]\nurl = "/oauth2/ping"\n')
    with_identity.call_api("tok-456", probe=with_identity.api_probe("identity"))
    assert SEEN[-1][:2] == ("GET", "/oauth2/ping")
    assert SEEN[-1][2]["authorization"] == "Bearer tok-456"


def test_no_answer_is_a_step_error_never_a_response(tmp_path: Path) -> None:
    with pytest.raises(NoAnswerError, match="got no answer") as info:
        client(tmp_path, "http://127.0.0.1:9").call_api("tok-789")
    assert "tok-789" not in str(info.value)
