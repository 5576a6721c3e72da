"""Playwright traces with their secrets labelled, so a kept trace can sit beside the reports.

A trace records what the browser did in the clear: the password it typed (in the action log
and in DOM snapshots), the form bodies it posted (password, CSRF token), the session cookies
it carried, the callback URL with the code. ``scrub_trace`` first teaches the redactor what
the trace's own network log says is secret (cookies, form fields, credentials, redirect URLs),
then labels every known value, in any encoding, in every text entry. Screencast frames and
screenshots are images: they show the typed password only as bullets and are kept as they are.
Any other entry (a font, a binary response body) cannot be read for secrets and is left out.
"""

from __future__ import annotations

import contextlib
import io
import json
import zipfile
from collections.abc import Iterator, Mapping
from typing import Any
from urllib.parse import urlencode

from harness.evidence import Exchange, Redactor

IMAGE_MAGIC = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff")  # PNG, JPEG


def is_image(data: bytes) -> bool:
    return data.startswith(IMAGE_MAGIC)


def text_of(data: bytes) -> str | None:
    """``data`` as text, or None when it is binary (not UTF-8, or holding NUL bytes)."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    return None if "\x00" in text else text


def scrub_trace(data: bytes, redactor: Redactor) -> bytes:
    """The trace zip ``data`` with every secret labelled (raises zipfile.BadZipFile)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        entries = {i.filename: archive.read(i) for i in archive.infolist() if not i.is_dir()}
    texts = {name: text for name, raw in entries.items() if (text := text_of(raw)) is not None}
    for name, text in texts.items():
        if name.endswith(".network"):
            for exchange in _exchanges(text, entries):
                redactor.learn_from_exchange(exchange)
    # A dry run first: a value found under a sensitive name in one entry (a CSRF token in a
    # page) is then labelled in every entry, also in those redacted before it was found.
    for text in texts.values():
        redactor.redact(text)
    scrubbed = io.BytesIO()
    with zipfile.ZipFile(scrubbed, "w", zipfile.ZIP_DEFLATED) as out:
        for name, raw in entries.items():
            if name in texts:
                out.writestr(name, redactor.redact(texts[name]))
            elif is_image(raw):
                out.writestr(name, raw)
    return scrubbed.getvalue()


def _exchanges(network: str, entries: Mapping[str, bytes]) -> Iterator[Exchange]:
    """The HTTP exchanges of a trace's network log (HAR entries, one JSON object a line)."""
    for line in network.splitlines():
        with contextlib.suppress(ValueError):
            event = json.loads(line)
            snapshot = event.get("snapshot") if isinstance(event, dict) else None
            if isinstance(snapshot, dict):
                yield from _exchange(snapshot, entries)


def _exchange(entry: dict[str, Any], entries: Mapping[str, bytes]) -> Iterator[Exchange]:
    request = entry.get("request") or {}
    response = entry.get("response") or {}
    post = request.get("postData") or {}
    request_headers = _pairs(request.get("headers"))
    body = str(post.get("text") or "").encode() or _resource(post, entries)
    if not body and post.get("params"):
        body = urlencode(_pairs(post.get("params"))).encode()
    if post.get("mimeType"):
        request_headers.append(("Content-Type", str(post["mimeType"])))
    response_headers = _pairs(response.get("headers"))
    if response.get("redirectURL"):
        response_headers.append(("Location", str(response["redirectURL"])))
    content = response.get("content") or {}
    yield Exchange(
        method=str(request.get("method") or "GET"),
        url=str(request.get("url") or ""),
        request_headers=request_headers,
        request_body=body,
        status=response.get("status") if isinstance(response.get("status"), int) else None,
        response_headers=response_headers,
        response_body=str(content.get("text") or "").encode() or _resource(content, entries),
    )


def _pairs(items: object) -> list[tuple[str, str]]:
    if not isinstance(items, list):
        return []
    return [
        (str(item["name"]), str(item["value"]))
        for item in items
        if isinstance(item, dict) and "name" in item and "value" in item
    ]


def _resource(part: dict[str, Any], entries: Mapping[str, bytes]) -> bytes:
    """A body the trace stored as a file of its own (``_file``, or ``_sha1`` in resources/)."""
    name = part.get("_file") or (f"resources/{part['_sha1']}" if part.get("_sha1") else None)
    return entries.get(str(name), b"") if name else b""
