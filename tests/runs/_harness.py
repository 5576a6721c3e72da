"""Running the real scenario suite in a subprocess against real servers on loopback.

The mock is served as a *remote* target (the harness did not start it and cannot move its
clock), so these runs see the harness as it meets any other authorization server.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from harness.mock import SEED, MockServer, MockSettings

REPO = Path(__file__).resolve().parents[2]
RUN_TIMEOUT_S = 240

SECRETS_ENV = {
    "RUN_PRIMARY_SECRET": SEED.primary.secret or "",
    "RUN_SECOND_SECRET": SEED.second.secret or "",
    "RUN_PASSWORD": SEED.user.password,
}

REMOTE_TARGET = """\
kind = "remote"
name = "{name}"

[endpoints]
issuer = "{issuer}"
authorization = "/oauth2/authorize"
token = "/oauth2/token"

[clients.primary]
id = "{primary}"
secret = "${{RUN_PRIMARY_SECRET}}"
auth_method = "client_secret_post"
redirect_uri = "{redirect_uri}"
scope = "read write"

[clients.second]
id = "{second}"
secret = "${{RUN_SECOND_SECRET}}"
redirect_uri = "{redirect_uri}"

[user]
username = "{username}"
password = "${{RUN_PASSWORD}}"

[api.probe]
url = "/api/v1/workspaces"
headers = {{ Accept = "application/json" }}

[browser]
timeout_s = 10.0
error_selector = "#error"

[[browser.pages]]
name = "login"
selector = "form#login"
fill = [
    {{ selector = "form#login input[name=email]", value = "{{username}}" }},
    {{ selector = "form#login input[name=password]", value = "{{password}}" }},
]
submit = "form#login button[type=submit]"

[[browser.pages]]
name = "consent"
selector = "form#consent"
submit = "form#consent button[name=decision][value=allow]"
deny = "form#consent button[name=decision][value=deny]"
"""


def remote_target(
    directory: Path,
    issuer: str,
    *,
    redirect_uri: str = "http://127.0.0.1/callback",
    discover: bool = False,
) -> Path:
    """A remote target file for the mock's seeded clients and user at ``issuer``; with
    ``discover`` its endpoints and capabilities come from the RFC 8414 metadata instead."""
    text = REMOTE_TARGET.format(
        name="mock-as-remote",
        issuer=issuer,
        primary=SEED.primary.id,
        second=SEED.second.id,
        redirect_uri=redirect_uri,
        username=SEED.user.email,
    )
    if discover:
        text = text.replace(
            'authorization = "/oauth2/authorize"\ntoken = "/oauth2/token"\n', "discover = true\n"
        )
    path = directory / "remote.toml"
    path.write_text(text, encoding="utf-8")
    return path


@contextmanager
def served_mock(settings: MockSettings | None = None) -> Iterator[MockServer]:
    with MockServer(settings or MockSettings()) as server:
        yield server


@dataclass
class Run:
    returncode: int
    stdout: str
    stderr: str
    summary: dict[str, Any] | None

    def outcomes(self) -> dict[str, str]:
        """nodeid's last part -> outcome, from summary.json."""
        assert self.summary is not None, self.stdout + self.stderr
        return {r["nodeid"].split("::", 1)[1]: r["outcome"] for r in self.summary["results"]}

    def messages(self) -> dict[str, str]:
        assert self.summary is not None
        return {r["nodeid"].split("::", 1)[1]: r["message"] for r in self.summary["results"]}


def run_scenarios(
    target: Path,
    reports: Path,
    *args: str,
    env: dict[str, str] | None = None,
    path: str = "scenarios",
) -> Run:
    """``pytest scenarios`` (or ``path``, a part of them) in a subprocess (its own Playwright),
    serial, reports in ``reports``."""
    environ = {**os.environ, **SECRETS_ENV, **(env or {})}
    environ.pop("HARNESS_TARGET", None)
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            path,
            "-q",
            "-n",
            "0",
            "-p",
            "no:randomly",
            f"--target={target}",
            f"--summary-dir={reports}",
            *args,
        ],
        cwd=REPO,
        env=environ,
        capture_output=True,
        text=True,
        timeout=RUN_TIMEOUT_S,
        check=False,
    )
    summary_path = reports / "summary.json"
    summary = json.loads(summary_path.read_text()) if summary_path.exists() else None
    return Run(done.returncode, done.stdout, done.stderr, summary)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def silent_server() -> Iterator[str]:
    """Accepts TCP connections and never answers a byte."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(64)
    accepted: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        listener.settimeout(0.1)
        while not stop.is_set():
            try:
                accepted.append(listener.accept()[0])
            except TimeoutError:
                continue
            except OSError:
                return

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    finally:
        stop.set()
        thread.join(timeout=2)
        for connection in accepted:
            connection.close()
        listener.close()


class _HtmlEverywhere(BaseHTTPRequestHandler):
    PAGE = b"<!doctype html><title>Welcome</title><h1>Our marketing site</h1>"

    def _answer(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(self.PAGE)))
        self.end_headers()
        self.wfile.write(self.PAGE)

    def do_GET(self) -> None:
        self._answer()

    def do_POST(self) -> None:
        self._answer()

    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def serving(handler: type[BaseHTTPRequestHandler]) -> Iterator[str]:
    """``handler`` served on 127.0.0.1:<free port> for the block; yields its base URL."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def html_everywhere_server() -> Iterator[str]:
    """A web site that answers 200 HTML on every path and method."""
    with serving(_HtmlEverywhere) as url:
        yield url


class _EchoesPassword(BaseHTTPRequestHandler):
    """A login form whose error page repeats the password it was sent (a careless server)."""

    def do_GET(self) -> None:
        form = (
            "<form id='login' method='post' action='/login'><input name='email'>"
            "<input name='password' type='password'><button type='submit'>go</button></form>"
        )
        self._page(f"<title>Sign in</title>{form}")

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode()
        password = dict(pair.split("=", 1) for pair in body.split("&") if "=" in pair).get(
            "password", ""
        )
        from urllib.parse import unquote_plus

        self._page(f"<title>Oops</title><p>Login failed: {unquote_plus(password)} is wrong</p>")

    def _page(self, html: str) -> None:
        data = html.encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def password_echoing_server() -> Iterator[str]:
    with serving(_EchoesPassword) as url:
        yield url
