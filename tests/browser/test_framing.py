"""The live framing probe: a page that forbids framing is refused, one that does not renders."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from harness.browser import BrowserSession

pytestmark = [pytest.mark.browser]


def _server(headers: dict[str, str]) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            for name, value in headers.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(b'<form id="login"><input name="email"></form>Sign in')

        def log_message(self, format: str, *args: object) -> None:
            return

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@pytest.fixture(
    params=[{}, {"X-Frame-Options": "DENY"}, {"Content-Security-Policy": "frame-ancestors 'none'"}],
    ids=["open", "xfo", "csp"],
)
def page_server(request: pytest.FixtureRequest) -> Iterator[tuple[str, bool]]:
    server = _server(request.param)
    yield f"http://127.0.0.1:{server.server_address[1]}/authorize", not request.param
    server.shutdown()
    server.server_close()


def test_the_probe_sees_what_the_headers_allow(
    browser_session: BrowserSession, page_server: tuple[str, bool]
) -> None:
    url, frameable = page_server
    result = browser_session.probe_framing(url, ["form#login"], timeout_s=10)
    assert result.loaded
    assert result.rendered is frameable
    assert result.matched == ("form#login" if frameable else None)
