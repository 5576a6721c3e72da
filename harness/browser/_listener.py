"""A real loopback HTTP listener standing at the client's redirect URI (RFC 8252 §7.3)."""

from __future__ import annotations

import errno
import socket
import threading
from collections import deque
from collections.abc import Iterable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # kept out at run time: this module stays stdlib-only (see __init__)
    from harness.targets import RedirectUri

# The names the browser may resolve: loopback only (``localhost`` is 127.0.0.1 in /etc/hosts).
LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})
_PAGE = (
    b"<!doctype html><html><head><meta charset='utf-8'><title>authorization complete</title>"
    b"<link rel='icon' href='data:,'></head>"
    b"<body><p id='callback'>authorization complete</p></body></html>"
)


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def do_GET(self) -> None:
        host = self.headers.get("Host") or self.server.owner.base_url.removeprefix("http://")
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

    def __init__(self, owner: CallbackListener, host: str, port: int) -> None:
        self.owner = owner
        self.address_family = socket.AF_INET6 if ":" in host else socket.AF_INET
        super().__init__((host, port), _Handler)

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # the browser often closes the context before reading the page: not our concern


class CallbackListener:
    """Threaded HTTP server on a loopback address answering any GET with a tiny 200 page.

    ``host`` is ``127.0.0.1`` or ``::1``; ``port`` 0 takes a free one. It keeps the last
    ``keep`` URLs it received, as absolute URLs (``http://127.0.0.1:PORT/...``). ``start``
    raises OSError when the port cannot be bound.
    """

    def __init__(self, keep: int = 64, *, host: str = "127.0.0.1", port: int = 0) -> None:
        if host not in ("127.0.0.1", "::1"):
            raise ValueError(f"a callback listener binds a loopback address, not {host!r}")
        self.host = host
        self._wanted_port = port
        self._received: deque[tuple[int, str]] = deque(maxlen=keep)
        self._count = 0
        self._lock = threading.Condition()
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        if self._server is not None:
            return
        self._server = _Server(self, self.host, self._wanted_port)
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
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

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

    def _record(self, url: str) -> None:
        with self._lock:
            self._received.append((self._count, url))
            self._count += 1
            self._lock.notify_all()


class LoopbackListeners:
    """This worker's listeners, one per loopback address, each started on first use.

    A ``loopback-any-port`` redirect URI is sent on its address's listener port; the other forms
    are sent as registered (a fixed port is held once for the whole run, not per worker).
    """

    def __init__(self, default: CallbackListener | None = None) -> None:
        self._by_host: dict[str, CallbackListener] = {}
        if default is not None:
            self._by_host[default.host] = default

    def for_host(self, host: str) -> CallbackListener:
        """The started listener for ``host`` (``localhost`` is served on 127.0.0.1)."""
        address = "::1" if host in ("::1", "[::1]") else "127.0.0.1"
        listener = self._by_host.get(address)
        if listener is None:
            listener = self._by_host[address] = CallbackListener(host=address)
        listener.start()
        return listener

    def redirect_uri_for(self, redirect: RedirectUri) -> str:
        """The URI this worker sends for ``redirect`` (RFC 8252 §7.3 for the any-port form)."""
        if redirect.form != "loopback-any-port":
            return redirect.registered
        return redirect.with_port(self.for_host(redirect.host).port)

    def stop(self) -> None:
        for listener in self._by_host.values():
            listener.stop()


class PortInUseError(OSError):
    """A fixed redirect-URI port is taken by another program; one line naming it."""


def hold_fixed_ports(redirects: Iterable[RedirectUri]) -> list[CallbackListener]:
    """Bind every ``loopback-fixed-port`` redirect URI's port once, for the whole run.

    Held by one process, the port cannot be taken by parallel workers or by another program
    that would receive the codes. A port the process may not bind (below 1024 without the
    privilege) is left alone: the callback is still caught from the browser's request log.
    Raises PortInUseError when another program listens there.
    """
    held: dict[tuple[str, int], CallbackListener] = {}
    for redirect in redirects:
        if redirect.form != "loopback-fixed-port" or redirect.port is None:
            continue
        # The browser resolves localhost to both loopback addresses (and tries ::1 first):
        # a program on either would receive the codes.
        addresses = {"::1": ("::1",), "localhost": ("127.0.0.1", "::1")}.get(
            redirect.host, ("127.0.0.1",)
        )
        for address in addresses:
            if (address, redirect.port) in held:
                continue
            listener = CallbackListener(host=address, port=redirect.port)
            try:
                listener.start()
            except PermissionError:
                continue  # a privileged port: not ours to bind, and not another user's either
            except OSError as exc:
                if exc.errno == errno.EADDRNOTAVAIL:
                    continue  # no such address here (IPv6 off): no program can listen there
                for running in held.values():
                    running.stop()
                raise PortInUseError(
                    f"port {redirect.port} of redirect URI {redirect.registered} cannot be "
                    f"held on {address} ({exc.strerror}): another program listens there and "
                    "would receive the authorization codes; stop it or register another port"
                ) from None
            held[(address, redirect.port)] = listener
    return list(held.values())
