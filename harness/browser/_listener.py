"""A real loopback HTTP listener standing at the client's redirect URI (RFC 8252 §7.3)."""

from __future__ import annotations

import threading
from collections import deque
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from urllib.parse import urlsplit, urlunsplit

LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost"})
_PAGE = (
    b"<!doctype html><html><head><meta charset='utf-8'><title>authorization complete</title>"
    b"<link rel='icon' href='data:,'></head>"
    b"<body><p id='callback'>authorization complete</p></body></html>"
)


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def do_GET(self) -> None:
        host = self.headers.get("Host") or f"127.0.0.1:{self.server.server_address[1]}"
        self.server.owner._record(f"http://{host}{self.path}")
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(_PAGE)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("Referrer-Policy", "no-referrer")  # the URL carries the code
        self.end_headers()
        self.wfile.write(_PAGE)

    def log_message(self, format: str, *args: object) -> None:
        pass  # request lines carry authorization codes; never log them


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, owner: CallbackListener) -> None:
        self.owner = owner
        super().__init__(("127.0.0.1", 0), _Handler)

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # the browser often closes the context before reading the page: not our concern


class CallbackListener:
    """Threaded HTTP server on 127.0.0.1 (port 0) answering any GET with a tiny 200 page.

    It keeps the last ``keep`` URLs it received, as absolute ``http://127.0.0.1:PORT/...`` URLs.
    """

    def __init__(self, keep: int = 64) -> None:
        self._received: deque[tuple[int, str]] = deque(maxlen=keep)
        self._count = 0
        self._lock = threading.Condition()
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        if self._server is not None:
            return
        self._server = _Server(self)
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": 0.02},
            name="callback-listener",
            daemon=True,
        )
        self._thread.start()

    def stop(self) -> None:
        server, thread = self._server, self._thread
        self._server = self._thread = None
        if server is not None:
            server.shutdown()
            server.server_close()
        if thread is not None:
            thread.join(timeout=5)

    def __enter__(self) -> CallbackListener:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    @property
    def started(self) -> bool:
        return self._server is not None

    @property
    def port(self) -> int:
        if self._server is None:
            raise RuntimeError("CallbackListener is not started")
        return int(self._server.server_address[1])

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def received(self) -> list[str]:
        """The URLs received so far, oldest first (at most ``keep``)."""
        with self._lock:
            return [url for _seq, url in self._received]

    def mark(self) -> int:
        """A position in the stream of received URLs, for ``received_since``."""
        with self._lock:
            return self._count

    def received_since(self, mark: int) -> list[str]:
        """The URLs received after ``mark()`` returned ``mark`` (those still kept)."""
        with self._lock:
            return [url for seq, url in self._received if seq >= mark]

    def clear(self) -> None:
        with self._lock:
            self._received.clear()

    def wait_for(self, prefix: str, timeout_s: float) -> str | None:
        """The first received URL starting with ``prefix``, waiting up to ``timeout_s``."""

        def match() -> str | None:
            return next((url for _seq, url in self._received if url.startswith(prefix)), None)

        with self._lock:
            self._lock.wait_for(lambda: match() is not None, timeout=timeout_s)
            return match()

    def redirect_uri_for(self, template: str) -> str:
        """``http://127.0.0.1/callback`` → ``http://127.0.0.1:<port>/callback`` (RFC 8252 §7.3)."""
        parts = urlsplit(template)
        if parts.scheme != "http" or parts.hostname not in LOOPBACK_HOSTS:
            raise ValueError(
                f"redirect URI {template!r} is not a loopback http URL "
                "(http://127.0.0.1/... or http://localhost/...)"
            )
        return urlunsplit(parts._replace(netloc=f"{parts.hostname}:{self.port}"))

    def _record(self, url: str) -> None:
        with self._lock:
            self._received.append((self._count, url))
            self._count += 1
            self._lock.notify_all()
