"""Read-only helpers over a recorded exchange (header lookup, JSON body), shared by the checks."""

from __future__ import annotations

import json
from typing import Any

from harness.evidence import Exchange, Redactor

_MAX_QUOTE = 600


def header_values(exchange: Exchange, name: str) -> list[str]:
    wanted = name.lower()
    return [value for key, value in exchange.response_headers if key.lower() == wanted]


def header(exchange: Exchange, name: str) -> str | None:
    values = header_values(exchange, name)
    return ", ".join(values) if values else None


def media_type(exchange: Exchange) -> str | None:
    value = header(exchange, "content-type")
    return value.split(";", 1)[0].strip().lower() if value else None


def json_body(exchange: Exchange) -> Any:
    """The parsed JSON body, or None when the body is empty or not JSON."""
    try:
        return json.loads(exchange.response_body)
    except (ValueError, UnicodeDecodeError):
        return None


def json_object(exchange: Exchange) -> dict[str, Any] | None:
    body = json_body(exchange)
    return body if isinstance(body, dict) else None


def describe_status(exchange: Exchange) -> str:
    if exchange.status is None:
        return f"no response ({exchange.error or 'transport error'})"
    return f"HTTP {exchange.status}"


def quote_body(exchange: Exchange) -> str:
    """A short excerpt of the body for failure text.

    The plugin redacts all failure text with the scenario's redactor, whose labels match the
    transcript; a body that must be cut is masked first, since half a token escapes it."""
    text = exchange.response_body.decode("utf-8", "replace").strip()
    if not text:
        return "an empty body"
    if len(text) <= _MAX_QUOTE:
        return text
    return Redactor().redact(text)[:_MAX_QUOTE] + "…"
