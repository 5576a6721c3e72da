"""What a scenario saw: HTTP exchanges, browser navigations and notes, as plain data."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

import httpx

NavigationKind = Literal["request", "response", "redirect", "failed"]


@dataclass(frozen=True)
class Exchange:
    """One HTTP request and what came back (``status`` None: no response, see ``error``)."""

    method: str
    url: str
    request_headers: list[tuple[str, str]] = field(default_factory=list)
    request_body: bytes = b""
    status: int | None = None
    response_headers: list[tuple[str, str]] = field(default_factory=list)
    response_body: bytes = b""
    elapsed_s: float = 0.0
    error: str | None = None

    def __repr__(self) -> str:
        # pytest prints reprs of frame arguments, cut to a few hundred characters: a cut token
        # would escape value-based redaction, so the repr never holds a query, header or body.
        answer = self.status if self.status is not None else "no response"
        return f"Exchange({self.method} {_without_query(self.url)} -> {answer})"


@dataclass(frozen=True)
class Navigation:
    """One browser event: a request, its response, or a redirect the browser followed."""

    url: str
    method: str = "GET"
    status: int | None = None
    kind: NavigationKind = "request"
    is_main_frame: bool = True
    failure: str | None = None  # for kind "failed": the browser's reason (net::ERR_…)

    def __repr__(self) -> str:
        return f"Navigation({self.kind} {self.method} {_without_query(self.url)} {self.status})"


@dataclass(frozen=True)
class Note:
    """Free text a step or scenario adds to the log (redacted like everything else)."""

    text: str


def media_type(headers: list[tuple[str, str]]) -> str:
    """The lower-cased media type of a Content-Type header ("" when there is none)."""
    for name, value in headers:
        if name.lower() == "content-type":
            return value.split(";", 1)[0].strip().lower()
    return ""


def _without_query(url: str) -> str:
    return url.split("?", 1)[0].split("#", 1)[0]


def _headers(headers: httpx.Headers) -> list[tuple[str, str]]:
    # .raw keeps the names' case as sent; multi_items() would lower-case them.
    encoding = headers.encoding
    return [(key.decode(encoding), value.decode(encoding)) for key, value in headers.raw]


def _request_body(request: httpx.Request) -> bytes:
    try:
        return request.content
    except httpx.RequestNotRead:
        return b""


def exchange_from_httpx(response: httpx.Response) -> Exchange:
    """The exchange behind a response (read it first, or its body is recorded as empty)."""
    request = response.request
    try:
        body = response.content
    except httpx.ResponseNotRead:
        body = b""
    try:
        elapsed = response.elapsed.total_seconds()
    except RuntimeError:
        elapsed = 0.0
    return Exchange(
        method=request.method,
        url=str(request.url),
        request_headers=_headers(request.headers),
        request_body=_request_body(request),
        status=response.status_code,
        response_headers=_headers(response.headers),
        response_body=body,
        elapsed_s=elapsed,
    )


def exchange_from_error(request: httpx.Request, exc: Exception, elapsed_s: float = 0.0) -> Exchange:
    """A request that got no response (connection refused, timeout …)."""
    text = str(exc)  # not stripped: a secret ending in a space must stay whole to be redacted
    return Exchange(
        method=request.method,
        url=str(request.url),
        request_headers=_headers(request.headers),
        request_body=_request_body(request),
        elapsed_s=elapsed_s,
        error=f"{type(exc).__name__}: {text}" if text.strip() else type(exc).__name__,
    )
