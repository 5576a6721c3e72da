"""The mock on a real socket: the whole flow over HTTP, the issuer, threads, start and stop."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from http.server import BaseHTTPRequestHandler, HTTPServer

import httpx
import pytest

from harness.mock import MockServer, MockSettings
from tests.mock.flow import Flow, csrf_token, form_action, query


def test_the_issuer_is_the_bound_base_url(server: MockServer, socket_http: httpx.Client) -> None:
    assert server.base_url.startswith("http://127.0.0.1:")
    assert server.issuer == server.base_url
    assert server.port > 0
    doc = socket_http.get("/.well-known/oauth-authorization-server").json()
    assert doc["issuer"] == server.issuer
    assert doc["token_endpoint"] == server.issuer + "/oauth2/token"


class _Callback(BaseHTTPRequestHandler):
    """The client's redirect URI: records each request path (with its query)."""

    def do_GET(self) -> None:
        self.server.hits.append(self.path)  # type: ignore[attr-defined]
        self.send_response(200)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, format: str, *args: object) -> None:
        return None


@pytest.fixture
def callback() -> Iterator[tuple[str, list[str]]]:
    """A loopback listener at http://127.0.0.1:<port>/callback (RFC 8252 §7.3)."""
    listener = HTTPServer(("127.0.0.1", 0), _Callback)
    hits: list[str] = []
    listener.hits = hits  # type: ignore[attr-defined]
    thread = threading.Thread(target=listener.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    yield f"http://127.0.0.1:{listener.server_port}/callback", hits
    listener.shutdown()
    listener.server_close()
    thread.join(timeout=5)


def test_full_flow_over_a_socket(
    server: MockServer, socket_http: httpx.Client, callback: tuple[str, list[str]]
) -> None:
    redirect_uri, hits = callback
    flow = Flow(socket_http, redirect_uri=redirect_uri)
    params = flow.params(state="over the wire")
    login = socket_http.get("/oauth2/authorize", params=params)
    signed_in = flow.login(login)  # the CSRF token comes from the page
    assert signed_in.status_code == 303
    consent = socket_http.get(signed_in.headers["location"])
    landed = socket_http.post(
        form_action(consent.text, "consent"),
        data={"csrf_token": csrf_token(consent.text), "decision": "allow"},
        follow_redirects=True,  # the 303 goes to the listener, like a browser would
    )
    assert landed.status_code == 200
    assert [r.status_code for r in landed.history] == [303]
    assert len(hits) == 1
    got = query(hits[0])
    assert got["state"] == ["over the wire"]
    assert got["iss"] == [server.issuer]
    exchanged = flow.exchange(got["code"][0])
    assert exchanged.status_code == 200
    tokens = exchanged.json()
    assert flow.api(tokens["access_token"]).json()["ok"] is True
    refreshed = flow.refresh(tokens["refresh_token"]).json()
    assert flow.api(refreshed["access_token"], "/oauth2/ping").json() == {"handle": "harness-user"}
    revoked = socket_http.post(
        "/oauth2/revoke", data={"token": refreshed["refresh_token"], **flow.auth()}
    )
    assert revoked.status_code == 200
    assert flow.api(refreshed["access_token"]).status_code == 401


def test_defects_and_clock_switch_on_a_running_server(
    server: MockServer, socket_http: httpx.Client
) -> None:
    flow = Flow(socket_http)
    server.state.defects.enable("iss-missing")
    assert "iss" not in flow.authorize()
    server.state.defects.clear()
    code = flow.code()
    server.state.clock.advance(61)
    assert flow.exchange(code).json()["error"] == "invalid_grant"


def test_the_server_answers_requests_in_parallel(server: MockServer) -> None:
    def ping(_: int) -> int:
        with httpx.Client(base_url=server.base_url, timeout=10) as client:
            return client.get("/api/v1/workspaces").status_code

    with ThreadPoolExecutor(8) as pool:
        assert set(pool.map(ping, range(32))) == {401}


def test_stop_frees_the_port() -> None:
    with MockServer(MockSettings()) as running:
        port = running.port
        assert httpx.get(running.base_url + "/api/v1/workspaces").status_code == 401
    with socket.socket() as probe:
        # SO_REUSEADDR passes over TIME_WAIT connections, never over a listening socket.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        probe.bind(("127.0.0.1", port))
        probe.listen()


def test_a_fixed_port_and_an_explicit_issuer_are_honoured() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings = MockSettings(port=port, issuer="https://as.example.com")
    with MockServer(settings) as running:
        assert running.base_url == f"http://127.0.0.1:{port}"
        assert running.issuer == "https://as.example.com"
        doc = httpx.get(running.base_url + "/.well-known/oauth-authorization-server").json()
        assert doc["issuer"] == "https://as.example.com"


def test_a_taken_port_raises_oserror() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        server = MockServer(MockSettings(port=taken.getsockname()[1]))
        with pytest.raises(OSError):
            server.start()
