"""What the mock issued and received, recorded at its WSGI boundary: the oracle of the report scan.

Loaded into a ``pytest scenarios`` subprocess with ``-p tests.reports._witness``; when
``HARNESS_TEST_WITNESS`` names a file, every mock server the run starts appends one JSON line
``{"kind": …, "value": …}`` per secret value that crossed its boundary, as it happens (a crashed
run still leaves what it saw): every value it issued, and what an accepted request carried.
The recorder reads raw requests and responses on its own and shares no code with the harness's
redactor, so a value the redactor fails to learn is still caught by the scan.
"""

from __future__ import annotations

import base64
import binascii
import io
import json
import os
import re
import threading
from collections.abc import Callable, Iterable, Iterator
from typing import Any
from urllib.parse import parse_qsl, unquote_plus, urlsplit

ENV = "HARNESS_TEST_WITNESS"

# Parameter and JSON names whose values are credentials, codes or tokens (RFC 6749, RFC 7636,
# RFC 7009), and the CSRF token of the mock's forms.
FIELDS = frozenset(
    {
        "code",
        "code_verifier",
        "access_token",
        "refresh_token",
        "id_token",
        "token",
        "client_secret",
        "password",
        "csrf_token",
    }
)
# JSON bodies never deliver a code; the mock's API failure envelope uses "code" for its error.
JSON_FIELDS = FIELDS - {"code"}
HIDDEN_INPUT = re.compile(r'name="(csrf_token)" value="([^"]*)"')

Sink = Callable[[str, str], None]
WsgiApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


def _pairs(encoded: str) -> Iterator[tuple[str, str]]:
    for name, value in parse_qsl(encoded, keep_blank_values=False):
        if name in FIELDS:
            yield name, value


def _authorization(value: str) -> Iterator[tuple[str, str]]:
    scheme, _, credentials = value.strip().partition(" ")
    credentials = credentials.strip()
    if not credentials:
        return
    if scheme.lower() == "basic":
        yield "basic_credentials", credentials
        try:
            decoded = base64.b64decode(credentials, validate=True).decode("utf-8", "replace")
        except (binascii.Error, ValueError):
            return
        _user, sep, secret = decoded.partition(":")
        if sep and secret:
            yield "client_secret", unquote_plus(secret)
    else:
        yield "access_token", credentials


def _cookies(header: str, *, first_only: bool) -> Iterator[tuple[str, str]]:
    for index, part in enumerate(header.split(";")):
        if first_only and index > 0:
            return
        _name, sep, value = part.partition("=")
        if sep and value.strip():
            yield "cookie", value.strip().strip('"')


def _json(node: object) -> Iterator[tuple[str, str]]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key in JSON_FIELDS and isinstance(value, str):
                yield key, value
            else:
                yield from _json(value)
    elif isinstance(node, list):
        for item in node:
            yield from _json(item)


def _body(content_type: str, body: bytes) -> Iterator[tuple[str, str]]:
    text = body.decode("utf-8", "replace")
    media = content_type.split(";", 1)[0].strip().lower()
    if media == "application/x-www-form-urlencoded":
        yield from _pairs(text)
    elif media.endswith("json") or text.lstrip()[:1] in ("{", "["):
        try:
            yield from _json(json.loads(text))
        except ValueError:
            return
    elif media == "text/html":
        for match in HIDDEN_INPUT.finditer(text):
            yield match.group(1), match.group(2)


def request_secrets(environ: dict[str, Any], body: bytes) -> Iterator[tuple[str, str]]:
    yield from _pairs(environ.get("QUERY_STRING", ""))
    yield from _authorization(environ.get("HTTP_AUTHORIZATION", ""))
    yield from _cookies(environ.get("HTTP_COOKIE", ""), first_only=False)
    yield from _body(environ.get("CONTENT_TYPE", ""), body)


def response_secrets(headers: list[tuple[str, str]], body: bytes) -> Iterator[tuple[str, str]]:
    content_type = ""
    for name, value in headers:
        lowered = name.lower()
        if lowered == "location":
            parts = urlsplit(value)
            yield from _pairs(parts.query)
            yield from _pairs(parts.fragment)
        elif lowered == "set-cookie":
            yield from _cookies(value, first_only=True)
        elif lowered == "content-type":
            content_type = value
    yield from _body(content_type, body)


def witnessing(app: WsgiApp, sink: Sink) -> WsgiApp:
    """``app`` with every secret of its requests and responses reported to ``sink``."""

    def wrapped(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        length = int(environ.get("CONTENT_LENGTH") or 0)
        body = environ["wsgi.input"].read(length) if length > 0 else b""
        environ["wsgi.input"] = io.BytesIO(body)
        sent = list(request_secrets(environ, body))
        seen: list[tuple[str, str]] = []
        statuses: list[int] = []

        def record_start(status: str, headers: list[tuple[str, str]], *rest: Any) -> Any:
            seen.extend(headers)
            statuses.append(int(status.split()[0]))
            return start_response(status, headers, *rest)

        result = app(environ, record_start)
        try:
            content = b"".join(result)
        finally:
            close = getattr(result, "close", None)
            if close is not None:
                close()
        # What a request carried counts when the mock accepted it: a refused value may be one
        # the harness made up to be refused (a wrong verifier, an unknown refresh token), which
        # reports print as it is. Real values a refusal carries were issued or configured.
        if statuses and statuses[-1] < 400:
            for kind, value in sent:
                sink(kind, value)
        for kind, value in response_secrets(seen, content):
            sink(kind, value)
        return [content]

    return wrapped


class _File:
    def __init__(self, path: str) -> None:
        self.path = path
        self.lock = threading.Lock()

    def __call__(self, kind: str, value: str) -> None:
        line = json.dumps({"kind": kind, "value": value}) + "\n"
        with self.lock, open(self.path, "a", encoding="utf-8") as out:
            out.write(line)


def pytest_configure(config: Any) -> None:
    path = os.environ.get(ENV)
    if not path:
        return
    from harness.mock import MockServer

    sink = _File(path)
    original = MockServer._dispatch

    def dispatch(
        self: MockServer, environ: dict[str, Any], start_response: Callable[..., Any]
    ) -> Iterable[bytes]:
        return witnessing(lambda e, s: original(self, e, s), sink)(environ, start_response)

    MockServer._dispatch = dispatch  # type: ignore[method-assign]


def read(path: str) -> set[tuple[str, str]]:
    """The (kind, value) pairs a witness file holds."""
    with open(path, encoding="utf-8") as lines:
        return {(entry["kind"], entry["value"]) for entry in map(json.loads, lines)}
