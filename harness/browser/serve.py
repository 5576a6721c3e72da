"""``python -m harness.browser.serve [--port 0] [--allow-host HOST]...``: a browser server for
``--browser-endpoint``.

Launches the harness's Chromium (found as ``find_chromium`` does) with the harness's flags
(``launch_args``: only loopback and the ``--allow-host`` names resolve) behind a Playwright
browser server bound to 127.0.0.1, prints its ws:// endpoint on one line of stdout, and serves
until interrupted (Ctrl-C or SIGTERM), then stops the browser. Exit 3 with one line on stderr
when no Chromium is found, or the server does not start within ``--startup-timeout`` seconds or
stops by itself.

How: the Python package has no ``launch_server``. Its bundled driver's (hidden) ``launch-server``
command is Node's ``BrowserType.launchServer``: it launches the browser once, with the options of
a JSON file, and serves that browser to every client, which can open contexts but not change the
browser's flags or executable. (``playwright run-server`` instead launches a browser per client
from the client's ``x-playwright-launch-options`` header, and drops ``args`` and
``executablePath`` unless started with ``--unsafe``, which would let any local process choose
the executable.) The endpoint's path is a random GUID that only the holder of the URL knows.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import selectors
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from pathlib import Path
from types import FrameType
from typing import IO

from harness.browser._chromium import HOW_TO_GET_ONE, ChromiumNotFoundError, find_chromium
from harness.browser._remote import EndpointError, parse_endpoint

HOST = "127.0.0.1"  # never another interface: reach it from elsewhere through an SSH tunnel
EXIT_NO_BROWSER = 3
STARTUP_TIMEOUT_S = 30.0
STOP_TIMEOUT_S = 10.0
_HOST_NAME = re.compile(r"^(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\.?)+$|^[0-9A-Fa-f:]+$")


class ServeError(RuntimeError):
    """The browser server could not start or stopped; ``str()`` is one line."""


class BrowserServer:
    """A running ``launch-server`` process group (the driver and its Chromium)."""

    def __init__(self, process: subprocess.Popen[bytes], endpoint: str, log: IO[bytes]) -> None:
        self.process = process
        self.endpoint = endpoint
        self._log = log

    def stop(self, timeout_s: float = STOP_TIMEOUT_S) -> None:
        """SIGTERM to the group (the driver closes its browser), SIGKILL after ``timeout_s``."""
        _stop(self.process, timeout_s)
        self._log.close()

    def __enter__(self) -> BrowserServer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def _stop(process: subprocess.Popen[bytes], timeout_s: float) -> None:
    if process.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=timeout_s)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=timeout_s)
    for stream in (process.stdout, process.stderr):
        if stream is not None:
            stream.close()


def server_config(
    executable: Path, port: int, allowed_hosts: Sequence[str], startup_timeout_s: float
) -> dict[str, object]:
    """``launchServer`` options: our Chromium, our flags, headless, bound to 127.0.0.1:``port``."""
    from harness.browser._session import launch_args

    return {
        "executablePath": str(executable),
        "args": launch_args(allowed_hosts),
        "headless": True,
        "host": HOST,
        "port": port,
        "timeout": int(startup_timeout_s * 1000),
    }


def start_server(
    *,
    port: int = 0,
    allowed_hosts: Sequence[str] = (),
    executable: Path | None = None,
    startup_timeout_s: float = STARTUP_TIMEOUT_S,
) -> BrowserServer:
    """Start the server and return it once it has printed its endpoint; raises ServeError (one
    line) if no Chromium is found or no endpoint comes within ``startup_timeout_s`` seconds."""
    try:
        chromium = executable or find_chromium()
    except ChromiumNotFoundError as exc:
        raise ServeError(str(exc)) from None
    if chromium is None:
        raise ServeError(HOW_TO_GET_ONE)
    # The driver's stderr, its last line shown if it fails; closed by stop() or below.
    log = tempfile.TemporaryFile()  # noqa: SIM115
    with tempfile.TemporaryDirectory(prefix="harness-serve-") as directory:
        config = Path(directory) / "launch-server.json"
        config.write_text(
            json.dumps(server_config(chromium, port, allowed_hosts, startup_timeout_s)),
            encoding="utf-8",
        )
        argv = [sys.executable, "-m", "playwright", "launch-server", "--browser", "chromium"]
        process = subprocess.Popen(  # noqa: S603 - fixed argv, no shell
            [*argv, "--config", str(config)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=log,
            start_new_session=True,  # its own group: stopping it stops the driver and Chromium
        )
        try:
            line = first_line(process, startup_timeout_s)
            endpoint = _endpoint_of(line)
        except ServeError as exc:
            _stop(process, STOP_TIMEOUT_S)
            raise ServeError(f"{exc}{_last_line(log)}") from None
        except BaseException:
            _stop(process, STOP_TIMEOUT_S)
            log.close()
            raise
    assert process.stdout is not None
    threading.Thread(target=_drain, args=(process.stdout,), daemon=True).start()
    return BrowserServer(process, endpoint, log)


def first_line(process: subprocess.Popen[bytes], timeout_s: float) -> str:
    """The first line of the process's stdout, within ``timeout_s`` seconds."""
    assert process.stdout is not None
    fd = process.stdout.fileno()
    deadline = time.monotonic() + timeout_s
    seen = b""
    with selectors.DefaultSelector() as selector:
        selector.register(fd, selectors.EVENT_READ)
        while b"\n" not in seen:
            left = deadline - time.monotonic()
            if left <= 0:
                raise ServeError(
                    f"the browser server printed no endpoint within {timeout_s:g} s "
                    "(--startup-timeout)"
                )
            if not selector.select(timeout=left):
                continue
            chunk = os.read(fd, 4096)
            if not chunk:
                code = process.wait(timeout=STOP_TIMEOUT_S)
                raise ServeError(f"the browser server exited ({code}) before it listened")
            seen += chunk
    return seen.split(b"\n", 1)[0].decode("utf-8", "replace").strip()


def _endpoint_of(line: str) -> str:
    try:
        endpoint = parse_endpoint(line)
    except EndpointError:
        raise ServeError(f"the browser server printed no ws:// endpoint: {line[:200]!r}") from None
    if not endpoint.startswith(f"ws://{HOST}:"):
        raise ServeError(f"the browser server listens elsewhere than {HOST}: refused")
    return endpoint


def _last_line(log: IO[bytes]) -> str:
    log.seek(0)
    lines = [ln.strip() for ln in log.read().decode("utf-8", "replace").splitlines() if ln.strip()]
    return f"; its last words: {lines[-1][:300]}" if lines else ""


def _drain(stream: IO[bytes]) -> None:
    with contextlib.suppress(OSError, ValueError):
        while stream.read(4096):
            pass


def _host(text: str) -> str:
    if not _HOST_NAME.match(text):
        raise argparse.ArgumentTypeError(f"{text!r} is not a host name or IP literal")
    return text


def _port(text: str) -> int:
    if not (text.isascii() and text.isdecimal() and int(text) <= 65535):
        raise argparse.ArgumentTypeError(f"{text!r} is not a port from 0 to 65535")
    return int(text)


def _interrupted(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m harness.browser.serve",
        description="Serve the harness's Chromium, with the harness's flags, to --browser-endpoint "
        f"runs: binds {HOST} only, prints the ws:// endpoint, serves until Ctrl-C or SIGTERM.",
    )
    parser.add_argument("--port", type=_port, default=0, help="port to bind (default 0: any)")
    parser.add_argument(
        "--allow-host",
        type=_host,
        action="append",
        default=[],
        metavar="HOST",
        help="a non-loopback host the browser may resolve (a remote target's pages); repeatable",
    )
    parser.add_argument(
        "--startup-timeout",
        type=float,
        default=STARTUP_TIMEOUT_S,
        metavar="SECONDS",
        help="give up if the server has not listened after this long "
        f"(default {STARTUP_TIMEOUT_S:g})",
    )
    args = parser.parse_args(argv)
    signal.signal(signal.SIGTERM, _interrupted)
    try:
        server = start_server(
            port=args.port, allowed_hosts=args.allow_host, startup_timeout_s=args.startup_timeout
        )
    except ServeError as exc:
        print(f"harness.browser.serve: {exc}", file=sys.stderr)
        return EXIT_NO_BROWSER
    except KeyboardInterrupt:
        return 0
    try:
        print(server.endpoint, flush=True)
        code = server.process.wait()
        print(
            f"harness.browser.serve: the browser server stopped by itself ({code})", file=sys.stderr
        )
        return EXIT_NO_BROWSER
    except KeyboardInterrupt:
        return 0
    finally:
        server.stop()


if __name__ == "__main__":
    sys.exit(main())
