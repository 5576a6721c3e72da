"""Turning recorded items into a redacted transcript and into curl commands that replay them."""

from __future__ import annotations

import contextlib
import json
import re
import shlex
from collections.abc import Iterable
from http import HTTPStatus
from urllib.parse import parse_qsl

from harness.evidence._patterns import LABEL
from harness.evidence._records import Exchange, Navigation, Note, media_type
from harness.evidence._redact import Redactor

Item = Exchange | Navigation | Note

BODY_LIMIT = 4096  # characters of a body shown in a transcript
_INDENT = "  "
_FORM = "application/x-www-form-urlencoded"
# Headers curl sets itself (or that would be wrong to replay verbatim).
_CURL_SKIPS = frozenset({"host", "content-length", "accept-encoding", "connection", "user-agent"})


def render_text(items: Iterable[Item], redactor: Redactor) -> str:
    """A readable, redacted transcript: requests, responses, navigations and notes in order."""
    blocks: list[str] = []
    for item in items:
        if isinstance(item, Exchange):
            blocks.append("\n".join(_exchange_lines(item, redactor)))
        elif isinstance(item, Navigation):
            blocks.append(_navigation_line(item, redactor))
        else:
            blocks.append("# " + redactor.redact(item.text))
    return "\n\n".join(blocks)


def render_curl(exchanges: Iterable[Exchange], redactor: Redactor) -> list[str]:
    """One curl command per exchange; secrets become shell variables (``${CLIENT_SECRET}``)."""
    return [_curl(exchange, redactor) for exchange in exchanges]


def _exchange_lines(exchange: Exchange, redactor: Redactor) -> list[str]:
    lines = [f"→ {exchange.method} {redactor.redact(exchange.url)}"]
    lines += _headers_and_body(exchange.request_headers, exchange.request_body, redactor)
    took = f"({exchange.elapsed_s * 1000:.0f} ms)"
    if exchange.status is None:
        error = redactor.redact(exchange.error or "transport error")
        lines.append(f"✗ no response: {error} {took}")
        return lines
    status = f"{exchange.status} {_reason(exchange.status)}".strip()
    lines.append(f"← {status} {took}")
    lines += _headers_and_body(exchange.response_headers, exchange.response_body, redactor)
    return lines


def _reason(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return ""


def _headers_and_body(headers: list[tuple[str, str]], body: bytes, redactor: Redactor) -> list[str]:
    lines = [f"{_INDENT}{name}: {redactor.redact_header(name, value)}" for name, value in headers]
    if body:
        lines.append("")
        lines += [_INDENT + line for line in _body_text(headers, body, redactor).splitlines()]
    return lines


def _body_text(headers: list[tuple[str, str]], body: bytes, redactor: Redactor) -> str:
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        return f"[{len(body)} bytes of binary data]"
    if "\x00" in text:
        return f"[{len(body)} bytes of binary data]"
    media = media_type(headers)
    if media.endswith("json") or text.lstrip()[:1] in ("{", "["):
        with contextlib.suppress(ValueError):
            text = json.dumps(json.loads(text), indent=2, ensure_ascii=False)
    # Redact before truncating: a cut could leave a prefix of a secret unrecognised.
    text = redactor.redact(text)
    if len(text) > BODY_LIMIT:
        cut = BODY_LIMIT
        for label in LABEL.finditer(text, max(0, cut - 64), cut + 64):
            if label.start() < cut < label.end():
                cut = label.end()
        if cut < len(text):
            hidden = len(text) - cut
            text = f"{text[:cut]}\n… [truncated: {hidden} more characters not shown]"
    return text


def _navigation_line(navigation: Navigation, redactor: Redactor) -> str:
    url = redactor.redact(navigation.url)
    frame = "" if navigation.is_main_frame else " (subframe)"
    if navigation.kind == "request":
        return f"⇢ {navigation.method} {url}{frame}"
    if navigation.kind == "failed":
        return f"⇢ failed: {url} ({navigation.failure}){frame}"
    status = "" if navigation.status is None else f"{navigation.status} "
    suffix = " (redirect)" if navigation.kind == "redirect" else ""
    return f"⇢ {status}{url}{suffix}{frame}"


def _form_pairs(body: bytes) -> list[tuple[str, str]] | None:
    """The decoded fields of a form body, or None if it would not survive --data-urlencode."""
    try:
        text = body.decode("ascii")
    except UnicodeDecodeError:
        return None
    pieces = text.split("&") if text else []
    if any("=" not in piece or piece.startswith("=") for piece in pieces):
        return None
    return parse_qsl(text, keep_blank_values=True)


def _curl(exchange: Exchange, redactor: Redactor) -> str:
    url = redactor.redact(exchange.url)
    words = ["curl", "-sS"]
    if any(c in url for c in "[]{}"):
        words.append("-g")  # curl would read brackets and braces as URL globs
    if exchange.method.upper() != "GET":
        words += ["-X", shlex.quote(exchange.method)]
    words.append(_shell_word(url, redactor))
    form = _form_pairs(exchange.request_body)
    is_form = media_type(exchange.request_headers) == _FORM and form is not None
    for name, value in exchange.request_headers:
        lowered = name.lower()
        if lowered in _CURL_SKIPS or (is_form and lowered == "content-type"):
            continue
        basic = _basic_user(name, value, redactor)
        if basic is not None:
            words += ["-u", _shell_word(basic, redactor)]
        else:
            header = f"{name}: {redactor.redact_header(name, value)}"
            words += ["-H", _shell_word(header, redactor)]
    if is_form and form is not None:
        for field, value in form:
            pair = f"{field}={redactor.redact_field(field, value)}"
            words += ["--data-urlencode", _shell_word(pair, redactor)]
    elif exchange.request_body:
        body = redactor.redact(exchange.request_body.decode("utf-8", "replace"))
        words += ["--data-binary", _shell_word(body, redactor)]
    return " ".join(words)


def _basic_user(name: str, value: str, redactor: Redactor) -> str | None:
    """``user:<label>`` for curl's -u when the header is HTTP Basic, else None."""
    scheme, _, credentials = value.strip().partition(" ")
    if name.lower() != "authorization" or scheme.lower() != "basic":
        return None
    parts = redactor.redact_basic(credentials.strip())
    return None if parts is None else f"{parts[0]}:{parts[1]}"


def _shell_word(text: str, redactor: Redactor) -> str:
    """``text`` quoted for a POSIX shell, its labels turned into variable expansions."""
    pieces: list[str] = []
    position = 0
    for match in LABEL.finditer(text):
        variable = redactor.shell_variable(match.group(0))
        if variable is None:
            continue
        pieces.append(_escape_double(text[position : match.start()]))
        pieces.append("${" + variable + "}")
        position = match.end()
    if not pieces:
        quoted = shlex.quote(text)
        return quoted if quoted.startswith("'") else f"'{text}'"
    pieces.append(_escape_double(text[position:]))
    return '"' + "".join(pieces) + '"'


def _escape_double(text: str) -> str:
    return re.sub(r'([\\"$`])', r"\\\1", text)
