"""MockServer: the app on a real threaded werkzeug server on 127.0.0.1, for the browser."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterable
from dataclasses import replace
from types import TracebackType
from typing import TYPE_CHECKING, Any

from werkzeug.serving import BaseWSGIServer, WSGIRequestHandler, make_server

from harness.mock._app import create_app
from harness.mock._settings import IN_PROCESS_ISSUER, MockSettings
from harness.mock._state import MockState

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIEnvironment

HOST = "127.0.0.1"


class _QuietHandler(WSGIRequestHandler):
    """No per-request log lines: query strings can carry tokens (?access_token=...)."""

    # werkzeug writes headers and body separately; with Nagle on, the body waits for an ACK.
    disable_nagle_algorithm = True

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        return None


class _PathOnlyHandler(_QuietHandler):
    """Logs method, path (never the query) and status: enough to follow a flow by eye."""

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        path = self.path.split("?", 1)[0]
        self.log("info", '"%s %s" %s', self.command, path, code)


class MockServer:
    """The mock served on 127.0.0.1 (port from settings; 0 picks a free one).

    The issuer is the bound base URL, unless ``settings.issuer`` was changed from its
    in-process default. Use as a context manager, or ``start()`` / ``stop()``.
    """

    def __init__(self, settings: MockSettings | None = None, *, log_paths: bool = False) -> None:
        self.settings = settings or MockSettings()
        self.state = MockState(self.settings.defects, self.settings.grant_types)
        self._handler = _PathOnlyHandler if log_paths else _QuietHandler
        self._server: BaseWSGIServer | None = None
        self._thread: threading.Thread | None = None
        self._app: Any = None

    def bind(self) -> None:
        """Listen and build the app, without serving yet (raises OSError if the port is taken)."""
        if self._server is not None:
            return
        # Bind here so a taken port raises OSError (werkzeug would print and sys.exit).
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as listener:
            listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            listener.bind((HOST, self.settings.port))
            listener.listen(128)
            self._server = make_server(
                HOST,
                self.settings.port,
                self._dispatch,
                threaded=True,
                request_handler=self._handler,
                fd=listener.fileno(),
            )
        if self.settings.issuer == IN_PROCESS_ISSUER:
            self.settings = replace(self.settings, issuer=self.base_url)
        self._app = create_app(self.settings, self.state)

    def start(self) -> None:
        self.bind()
        assert self._server is not None
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": 0.05},  # stop() returns within 50 ms
            name=f"mock-as-{self.port}",
            daemon=True,
        )
        self._thread.start()

    def serve_forever(self) -> None:
        """Serve in the calling thread until stop() or KeyboardInterrupt (the CLI)."""
        self.bind()
        assert self._server is not None
        self._server.serve_forever()

    def stop(self) -> None:
        server, self._server = self._server, None
        if server is None:
            return
        if self._thread is not None:
            server.shutdown()
            self._thread.join(timeout=10)
            self._thread = None
        server.server_close()

    def _dispatch(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        result: Iterable[bytes] = self._app(environ, start_response)
        return result

    @property
    def port(self) -> int:
        if self._server is None:
            raise RuntimeError("the mock server is not started")
        return int(self._server.server_address[1])

    @property
    def base_url(self) -> str:
        return f"http://{HOST}:{self.port}"

    @property
    def issuer(self) -> str:
        return self.settings.issuer if self._server is not None else self.base_url

    @property
    def app(self) -> Any:
        return self._app

    def __enter__(self) -> MockServer:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()
