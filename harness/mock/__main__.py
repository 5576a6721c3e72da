"""``python -m harness.mock [--port 8080] [--mock-defects a,b] [--mock-settings f.toml]
[--control]``.

``--mock-defects`` and ``--mock-settings`` are the names pytest and ``make`` use too
(``--defects`` and ``--settings`` still work).

Serves the mock on 127.0.0.1 until Ctrl-C. Bad input → one line on stderr, exit status 2.
"""

from __future__ import annotations

import argparse
import errno
import signal
import sys
from dataclasses import replace
from types import FrameType
from typing import Any, NoReturn

from harness.mock._defects import DEFECTS, UnknownDefectError, parse_defects
from harness.mock._seed import GRANT_TYPES
from harness.mock._server import MockServer
from harness.mock._settings import MockSettings, SettingsError, load_settings

PROG = "python -m harness.mock"


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        _fail(message)


def _fail(message: str) -> NoReturn:
    print(f"{PROG}: error: {message}", file=sys.stderr)
    raise SystemExit(2)


def _parser() -> _Parser:
    parser = _Parser(prog=PROG, description="The harness's mock OAuth 2.0 authorization server.")
    parser.add_argument("--port", type=int, help="TCP port on 127.0.0.1 (default 0: pick one)")
    parser.add_argument(
        "--mock-defects",
        "--defects",
        dest="defects",
        default="",
        help="comma-separated defects to switch on",
    )
    parser.add_argument(
        "--mock-settings", "--settings", dest="settings", help="a TOML settings file"
    )
    parser.add_argument("--control", action="store_true", help="enable the /_mock/* endpoints")
    parser.add_argument("--list-defects", action="store_true", help="print the defects and exit")
    return parser


def _settings(args: argparse.Namespace) -> MockSettings:
    settings = load_settings(args.settings) if args.settings else MockSettings()
    changes: dict[str, Any] = {}
    if args.port is not None:
        changes["port"] = args.port
    if args.defects:
        changes["defects"] = settings.defects | parse_defects(args.defects)
    if args.control:
        changes["control"] = True
    return replace(settings, **changes)


def _banner(server: MockServer) -> str:
    settings, base = server.settings, server.issuer
    lines = [
        f"mock authorization server on {server.base_url} (issuer {base})",
        f"  authorize  {base}/oauth2/authorize",
        f"  token      {base}/oauth2/token",
    ]
    if settings.revocation_enabled:
        lines.append(f"  revoke     {base}/oauth2/revoke")
    lines += [
        f"  metadata   {base}/.well-known/oauth-authorization-server",
        f"  api        {base}/api/v1/workspaces  {base}/oauth2/ping",
    ]
    if settings.control:
        lines.append(f"  control    {base}/_mock/clock  /_mock/defects  /_mock/reset")
    lines.append(f"login: {settings.user.email} / {settings.user.password}")
    for client in settings.clients:
        secret = client.secret if client.secret is not None else "(public client, PKCE)"
        lines.append(f"client: {client.id}  secret: {secret}  via {', '.join(client.auth_methods)}")
        lines.append(f"        redirect URIs: {' '.join(client.redirect_uris)}")
    grants = [g for g in GRANT_TYPES if g in server.state.grant_types.active()]
    lines.append(f"grant types: {', '.join(grants)}")
    active = ", ".join(sorted(server.state.defects.active())) or "none (conformant)"
    lines += [f"defects: {active}", "Ctrl-C stops the server."]
    return "\n".join(lines)


def _terminate(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.list_defects:
        for defect in DEFECTS.values():
            print(f"{defect.name:38} {defect.summary} [{', '.join(defect.refs)}]")
        return 0
    try:
        settings = _settings(args)
    except (SettingsError, UnknownDefectError) as exc:
        _fail(str(exc))
    server = MockServer(settings, log_paths=True)
    try:
        server.bind()
    except OSError as exc:
        reason = "address already in use" if exc.errno == errno.EADDRINUSE else exc.strerror
        _fail(f"cannot listen on 127.0.0.1:{settings.port}: {reason}")
    print(_banner(server), flush=True)
    signal.signal(signal.SIGTERM, _terminate)
    try:
        server.serve_forever()  # werkzeug returns on KeyboardInterrupt (Ctrl-C, or SIGTERM here)
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
    print("mock authorization server stopped", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
