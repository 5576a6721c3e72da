"""The DOT launcher (``python -m fixtures.peers.dot``) as a subprocess: its one JSON line, a real
authorization-code flow against it without a browser, and a clean exit on SIGTERM and on the
end of its stdin."""

from __future__ import annotations

import base64
import contextlib
import hashlib
import importlib.util
import json
import os
import re
import secrets
import selectors
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from harness.targets import load_target

pytestmark = [
    pytest.mark.skipif(
        importlib.util.find_spec("django") is None
        or importlib.util.find_spec("oauth2_provider") is None,
        reason="django / django-oauth-toolkit not installed (pip install -e '.[test]')",
    ),
    pytest.mark.timeout(120),
]

REPO = Path(__file__).resolve().parents[2]
START_TIMEOUT_S = 60.0  # migrations on a loaded 2-core machine take seconds
EXIT_TIMEOUT_S = 15.0
HTTP_TIMEOUT_S = 10.0
REDIRECT_URIS = ("http://127.0.0.1/callback", "http://127.0.0.1/other")
ENV_KEYS = {
    "DOT_ISSUER",
    "DOT_REDIRECT_URI",
    "DOT_PRIMARY_CLIENT_ID",
    "DOT_PRIMARY_CLIENT_SECRET",
    "DOT_SECOND_CLIENT_ID",
    "DOT_SECOND_CLIENT_SECRET",
    "DOT_PUBLIC_CLIENT_ID",
    "DOT_USERNAME",
    "DOT_PASSWORD",
}


@dataclass
class Peer:
    proc: subprocess.Popen[bytes]
    env: dict[str, str]
    line: bytes
    stderr_path: Path

    @property
    def issuer(self) -> str:
        return self.env["DOT_ISSUER"]

    def stderr(self) -> str:
        return self.stderr_path.read_text(errors="replace")


def _read_line(proc: subprocess.Popen[bytes], timeout_s: float) -> bytes:
    """The first stdout line, or b"" if the process exits or the time runs out first."""
    assert proc.stdout is not None
    fd = proc.stdout.fileno()
    buffer = b""
    deadline = time.monotonic() + timeout_s
    with selectors.DefaultSelector() as selector:
        selector.register(fd, selectors.EVENT_READ)
        while b"\n" not in buffer:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not selector.select(remaining):
                return b""
            chunk = os.read(fd, 65536)
            if not chunk:
                return buffer
            buffer += chunk
    return buffer


def _spawn(tmp: Path, *args: str, environ: dict[str, str] | None = None) -> subprocess.Popen[bytes]:
    """The launcher with its temporary directory under ``tmp`` (TMPDIR) and stderr in a file."""
    env = {**os.environ, "TMPDIR": str(tmp), "PYTHONDONTWRITEBYTECODE": "1", **(environ or {})}
    with (tmp / "stderr.txt").open("wb") as stderr:
        return subprocess.Popen(
            [sys.executable, "-m", "fixtures.peers.dot", *args],
            cwd=REPO,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=stderr,
        )


def _start(tmp: Path, *args: str) -> Peer:
    proc = _spawn(tmp, *args)
    line = _read_line(proc, START_TIMEOUT_S)
    stderr_path = tmp / "stderr.txt"
    if not line.endswith(b"\n"):
        _stop(proc)
        pytest.fail(f"no JSON line from the launcher; stderr:\n{stderr_path.read_text()}")
    return Peer(proc, json.loads(line)["env"], line, stderr_path)


def _stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(EXIT_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(EXIT_TIMEOUT_S)
    for stream in (proc.stdin, proc.stdout):
        if stream is not None:
            stream.close()


def _temp_dirs(tmp: Path) -> list[str]:
    return sorted(p.name for p in tmp.iterdir() if p.name.startswith("dot-peer-"))


@pytest.fixture(scope="module")
def peer(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Peer]:
    tmp = tmp_path_factory.mktemp("dot")
    redirect_args = [arg for uri in REDIRECT_URIS for arg in ("--redirect-uri", uri)]
    started = _start(tmp, *redirect_args)
    yield started
    _stop(started.proc)


# --- the JSON line and the server behind it ---------------------------------------------------


def test_prints_one_json_line_with_the_target_variables(peer: Peer) -> None:
    assert set(peer.env) == ENV_KEYS
    assert all(isinstance(v, str) and v for v in peer.env.values())
    assert re.fullmatch(r"http://127\.0\.0\.1:\d+", peer.issuer)
    assert peer.env["DOT_REDIRECT_URI"] == REDIRECT_URIS[0]
    assert peer.line.count(b"\n") == 1


def test_metadata_issuer_is_the_bound_issuer(peer: Peer) -> None:
    response = httpx.get(
        f"{peer.issuer}/.well-known/oauth-authorization-server", timeout=HTTP_TIMEOUT_S
    )
    assert response.status_code == 200
    document = response.json()
    assert document["issuer"] == peer.issuer  # RFC 8414 §3.3
    assert document["token_endpoint"] == f"{peer.issuer}/o/token/"
    assert document["code_challenge_methods_supported"] == ["S256"]


def test_token_endpoint_rejects_a_bad_client(peer: Peer) -> None:
    response = httpx.post(
        f"{peer.issuer}/o/token/",
        data={"grant_type": "authorization_code", "code": "nope", "redirect_uri": REDIRECT_URIS[0]},
        auth=(peer.env["DOT_PRIMARY_CLIENT_ID"], "wrong-secret"),
        timeout=HTTP_TIMEOUT_S,
    )
    assert response.status_code == 401
    assert response.json()["error"] == "invalid_client"


def test_api_answers_401_with_a_challenge_without_a_token(peer: Peer) -> None:
    response = httpx.get(f"{peer.issuer}/api/hello/", timeout=HTTP_TIMEOUT_S)
    assert response.status_code == 401
    assert response.headers["www-authenticate"].startswith("Bearer")


def test_target_file_resolves_with_the_printed_variables(peer: Peer) -> None:
    target = load_target(REPO / "fixtures" / "targets" / "dot.toml", peer.env)
    assert target.endpoints.issuer == peer.issuer
    document = httpx.get(target.endpoints.metadata or "", timeout=HTTP_TIMEOUT_S).json()
    assert target.endpoints.authorization == document["authorization_endpoint"]
    assert target.endpoints.token == document["token_endpoint"]
    assert target.endpoints.revocation == document["revocation_endpoint"]
    assert target.clients["primary"].id == peer.env["DOT_PRIMARY_CLIENT_ID"]
    assert target.capabilities.second_client
    assert target.capabilities.public_client


def test_error_page_matches_the_target_error_selector(peer: Peer) -> None:
    # An unknown client_id must not redirect (RFC 6749 §4.1.2.1): DOT renders authorize.html's
    # error branch, which the target file recognises by "div.block-center > h2".
    with _signed_in(peer) as browser:
        page = browser.get(
            "/o/authorize/",
            params={"response_type": "code", "client_id": "nope", "redirect_uri": REDIRECT_URIS[0]},
        )
    assert page.status_code == 400
    assert re.search(r'<div class="block-center">\s*<h2>Error: invalid_request</h2>', page.text)
    assert "authorizationForm" not in page.text


def test_csrf_failure_page_matches_the_target_error_selector(peer: Peer) -> None:
    # A consent post without the anti-CSRF token gets Django's 403 page, "div#summary > h1".
    with _signed_in(peer) as browser:
        page = browser.post("/o/authorize/", data={"client_id": peer.env["DOT_PUBLIC_CLIENT_ID"]})
    assert page.status_code == 403
    assert re.search(r'<div id="summary">\s*<h1>Forbidden <span>\(403\)</span></h1>', page.text)


# --- a real authorization-code flow, without a browser -----------------------------------------


class _FormInputs(HTMLParser):
    """The named inputs of the form with a given id."""

    def __init__(self, form_id: str) -> None:
        super().__init__()
        self.form_id = form_id
        self.inside = False
        self.found = False
        self.fields: dict[str, str] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "form" and values.get("id") == self.form_id:
            self.inside = self.found = True
        elif tag == "input" and self.inside and values.get("type") != "submit":
            name = values.get("name")
            if name:
                self.fields[name] = values.get("value") or ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.inside = False


def _form(html: str, form_id: str) -> dict[str, str]:
    parser = _FormInputs(form_id)
    parser.feed(html)
    assert parser.found, f"no form#{form_id} on the page"
    return parser.fields


def _pkce() -> tuple[str, str]:
    verifier = secrets.token_urlsafe(48)
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return verifier, base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


@contextlib.contextmanager
def _signed_in(peer: Peer) -> Iterator[httpx.Client]:
    """A cookie jar signed in through the login form (CSRF cookie and token, then credentials)."""
    with httpx.Client(base_url=peer.issuer, timeout=HTTP_TIMEOUT_S) as browser:
        page = browser.get("/accounts/login/")
        assert page.status_code == 200
        assert "csrftoken" in browser.cookies
        fields = _form(page.text, "login")
        assert fields["csrfmiddlewaretoken"]
        fields.update(username=peer.env["DOT_USERNAME"], password=peer.env["DOT_PASSWORD"])
        signed_in = browser.post("/accounts/login/", data=fields)
        assert signed_in.status_code == 302, "login failed"
        assert "sessionid" in browser.cookies
        yield browser


def _consent_page(browser: httpx.Client, params: dict[str, str]) -> dict[str, str]:
    page = browser.get("/o/authorize/", params=params)
    assert page.status_code == 200
    assert 'name="allow"' in page.text
    return _form(page.text, "authorizationForm")


def _callback(response: httpx.Response, redirect_uri: str) -> dict[str, str]:
    assert response.status_code == 302
    location = response.headers["location"]
    assert location.startswith(redirect_uri + "?")
    return {key: values[0] for key, values in parse_qs(urlsplit(location).query).items()}


def test_authorization_code_flow_with_pkce_and_client_secret_basic(peer: Peer) -> None:
    # The harness's listener port differs per run: DOT must accept any loopback port (RFC 8252).
    redirect_uri = "http://127.0.0.1:54321/callback"
    verifier, challenge = _pkce()
    state = secrets.token_urlsafe(16)
    client_id = peer.env["DOT_PRIMARY_CLIENT_ID"]
    with _signed_in(peer) as browser:
        consent = _consent_page(
            browser,
            {
                "response_type": "code",
                "client_id": client_id,
                "redirect_uri": redirect_uri,
                "scope": "read write",
                "state": state,
                "code_challenge": challenge,
                "code_challenge_method": "S256",
            },
        )
        params = _callback(
            browser.post("/o/authorize/", data={**consent, "allow": "Authorize"}), redirect_uri
        )
    assert params["state"] == state
    assert params["iss"] == peer.issuer  # RFC 9207, COMPLIANT_BCP_RFC9700_AUTHZ_RESPONSE_ISS

    token = httpx.post(
        f"{peer.issuer}/o/token/",
        data={
            "grant_type": "authorization_code",
            "code": params["code"],
            "redirect_uri": redirect_uri,
            "code_verifier": verifier,
        },
        auth=(client_id, peer.env["DOT_PRIMARY_CLIENT_SECRET"]),
        timeout=HTTP_TIMEOUT_S,
    )
    assert token.status_code == 200, token.text
    assert token.headers["cache-control"] == "no-store"
    body = token.json()
    assert body["token_type"] == "Bearer"
    assert set(body["scope"].split()) == {"read", "write"}
    assert body["refresh_token"]

    bearer = {"Authorization": f"Bearer {body['access_token']}"}
    hello = httpx.get(f"{peer.issuer}/api/hello/", headers=bearer, timeout=HTTP_TIMEOUT_S)
    assert hello.status_code == 200
    assert hello.json() == {"hello": "world"}
    me = httpx.get(f"{peer.issuer}/api/me/", headers=bearer, timeout=HTTP_TIMEOUT_S)
    assert me.json() == {"username": peer.env["DOT_USERNAME"]}
    write = httpx.get(f"{peer.issuer}/api/write/", headers=bearer, timeout=HTTP_TIMEOUT_S)
    assert write.status_code == 200


def test_cancel_on_the_consent_page_redirects_access_denied(peer: Peer) -> None:
    # The Cancel button has no name: the form posts without `allow`.
    redirect_uri = REDIRECT_URIS[1]
    _verifier, challenge = _pkce()
    with _signed_in(peer) as browser:
        consent = _consent_page(
            browser,
            {
                "response_type": "code",
                "client_id": peer.env["DOT_PUBLIC_CLIENT_ID"],
                "redirect_uri": redirect_uri,
                "state": "s-1",
                "code_challenge": challenge,
                "code_challenge_method": "S256",
            },
        )
        params = _callback(browser.post("/o/authorize/", data=consent), redirect_uri)
    assert params["error"] == "access_denied"
    assert params["state"] == "s-1"


def test_write_needs_the_write_scope(peer: Peer) -> None:
    response = httpx.get(
        f"{peer.issuer}/api/write/",
        headers={"Authorization": "Bearer not-a-token"},
        timeout=HTTP_TIMEOUT_S,
    )
    assert response.status_code == 401
    assert 'error="invalid_token"' in response.headers["www-authenticate"]


# --- lifecycle ---------------------------------------------------------------------------------


def test_sigterm_stops_it_cleanly_and_removes_its_temp_dir(tmp_path: Path, peer: Peer) -> None:
    started = _start(tmp_path)
    assert _temp_dirs(tmp_path), "the launcher made no temporary directory under TMPDIR"
    # Random per run: nothing is shared with another launch.
    for key in ("DOT_PRIMARY_CLIENT_SECRET", "DOT_SECOND_CLIENT_SECRET", "DOT_PASSWORD"):
        assert started.env[key] != peer.env[key]
    assert started.env["DOT_PRIMARY_CLIENT_SECRET"] != started.env["DOT_SECOND_CLIENT_SECRET"]
    started.proc.send_signal(signal.SIGTERM)
    assert started.proc.wait(EXIT_TIMEOUT_S) == 0, started.stderr()
    assert started.proc.stdout is not None
    assert started.proc.stdout.read() == b""  # nothing after the JSON line
    _stop(started.proc)
    assert _temp_dirs(tmp_path) == []
    assert "Traceback" not in started.stderr()


def test_end_of_stdin_stops_it_cleanly(tmp_path: Path) -> None:
    started = _start(tmp_path)
    assert started.proc.stdin is not None
    started.proc.stdin.close()  # what a dying parent does
    assert started.proc.wait(EXIT_TIMEOUT_S) == 0, started.stderr()
    _stop(started.proc)
    assert _temp_dirs(tmp_path) == []
    with pytest.raises(httpx.TransportError):
        httpx.get(f"{started.issuer}/.well-known/oauth-authorization-server", timeout=2.0)


@pytest.mark.parametrize(
    ("args", "environ", "expected"),
    [
        (["--port", "nope"], {}, "--port"),
        (["--port", "70000"], {}, "--port"),
        (["--redirect-uri", "ftp://127.0.0.1/cb"], {}, "--redirect-uri"),
        (["--redirect-uri", "http://127.0.0.1/cb#frag"], {}, "fragment"),
        (["--bogus"], {}, "--bogus"),
        ([], {"DOT_PKCE_REQUIRED": "maybe"}, "DOT_PKCE_REQUIRED"),
        ([], {"DOT_ACCESS_TOKEN_TTL": "-5"}, "DOT_ACCESS_TOKEN_TTL"),
    ],
)
def test_bad_input_is_one_line_and_exit_status_2(
    tmp_path: Path, args: list[str], environ: dict[str, str], expected: str
) -> None:
    proc = _spawn(tmp_path, *args, environ=environ)
    try:
        assert proc.wait(START_TIMEOUT_S) == 2
        assert proc.stdout is not None
        assert proc.stdout.read() == b""
    finally:
        _stop(proc)
    lines = (tmp_path / "stderr.txt").read_text().splitlines()
    assert len(lines) == 1, lines
    assert expected in lines[0]
    assert _temp_dirs(tmp_path) == []
