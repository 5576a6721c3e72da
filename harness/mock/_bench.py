"""Token endpoint throughput: code exchanges and refreshes per second, in-process and on a socket.

``python -m harness.mock._bench [--count 500] [--seconds 10]`` prints one JSON document.
Codes are minted straight into the store (with an S256 challenge), so only token requests
are timed; every loop stops at ``--count`` requests or ``--seconds``, whichever comes first.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import json
import platform
import sys
import time
from collections.abc import Callable
from socket import IPPROTO_TCP, TCP_NODELAY
from typing import Any

import httpx

from harness.mock._app import create_app
from harness.mock._seed import SEED
from harness.mock._server import MockServer
from harness.mock._settings import MockSettings
from harness.mock._state import MockState
from harness.mock._store import CodeRecord, new_secret

CLIENT = SEED.primary
REDIRECT = CLIENT.redirect_uris[0]
VERIFIER = "bench-" + "v" * 60
CHALLENGE = (
    base64.urlsafe_b64encode(hashlib.sha256(VERIFIER.encode()).digest()).rstrip(b"=").decode()
)


def _mint_codes(state: MockState, settings: MockSettings, count: int) -> list[str]:
    expires = state.clock.now() + 3600  # generous: the timed loop must not outlive its codes
    codes = []
    for _ in range(count):
        record = CodeRecord(
            value=new_secret(),
            client_id=CLIENT.id,
            user=settings.user.handle,
            scope="read write",
            redirect_uri=REDIRECT,
            redirect_uri_sent=True,
            code_challenge=CHALLENGE,
            code_challenge_method="S256",
            expires_at=expires,
        )
        state.store.add_code(record)
        codes.append(record.value)
    return codes


def _timed(
    items: list[str], seconds: float, send: Callable[[str], httpx.Response]
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    bodies: list[dict[str, Any]] = []
    errors = 0
    start = time.perf_counter()
    deadline = start + seconds
    done = 0
    for item in items:
        if time.perf_counter() >= deadline:
            break
        answer = send(item)
        done += 1
        if answer.status_code == 200:
            bodies.append(answer.json())
        else:
            errors += 1
    elapsed = time.perf_counter() - start
    rate = done / elapsed if elapsed > 0 else 0.0
    result = {"requests": done, "errors": errors, "seconds": round(elapsed, 3)}
    return result | {"per_second": round(rate, 1)}, bodies


def _measure(
    http: httpx.Client, state: MockState, settings: MockSettings, count: int, seconds: float
) -> dict[str, Any]:
    auth = {"client_id": CLIENT.id, "client_secret": CLIENT.secret or ""}

    def exchange(code: str) -> httpx.Response:
        data = {
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": REDIRECT,
            "code_verifier": VERIFIER,
            **auth,
        }
        return http.post("/oauth2/token", data=data)

    def refresh(token: str) -> httpx.Response:
        data = {"grant_type": "refresh_token", "refresh_token": token, **auth}
        return http.post("/oauth2/token", data=data)

    exchange(_mint_codes(state, settings, 1)[0])  # warm up
    exchanged, bodies = _timed(_mint_codes(state, settings, count), seconds, exchange)
    refreshed, _ = _timed([b["refresh_token"] for b in bodies], seconds, refresh)
    return {"code_exchange": exchanged, "refresh": refreshed}


def run(count: int, seconds: float) -> dict[str, Any]:
    settings = MockSettings()
    state = MockState()
    app = create_app(settings, state)
    with httpx.Client(transport=httpx.WSGITransport(app=app), base_url=settings.issuer) as http:
        in_process = _measure(http, state, settings, count, seconds)
    # TCP_NODELAY: httpx writes headers and body separately; Nagle would hold the body back.
    nodelay = httpx.HTTPTransport(socket_options=[(IPPROTO_TCP, TCP_NODELAY, 1)])
    with (
        MockServer(settings) as server,
        httpx.Client(transport=nodelay, base_url=server.base_url) as http,
    ):
        over_socket = _measure(http, server.state, server.settings, count, seconds)
    return {
        "benchmark": "mock token endpoint",
        "python": platform.python_version(),
        "limits": {"count": count, "seconds_per_loop": seconds},
        "in_process_wsgi": in_process,
        "socket_http": over_socket,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m harness.mock._bench", description=__doc__)
    parser.add_argument("--count", type=int, default=500, help="requests per loop (max)")
    parser.add_argument("--seconds", type=float, default=10.0, help="time limit per loop")
    args = parser.parse_args(argv)
    if args.count < 1 or args.seconds <= 0:
        parser.error("--count and --seconds must be positive")
    print(json.dumps(run(args.count, args.seconds), indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
