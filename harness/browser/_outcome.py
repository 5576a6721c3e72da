"""What one browser authorization did: where it stopped, what it navigated, what it rendered."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, NamedTuple
from urllib.parse import parse_qsl, urlsplit

from harness.browser._tamper import FieldTamper
from harness.evidence import Navigation

Stopped = Literal[
    "callback", "error-page", "watched-url", "timeout", "unrecognised-page", "captured"
]
Decision = Literal["allow", "deny"]
Artifacts = Literal["off", "on"]


class CapturedSubmit(NamedTuple):
    """The request a page's submit button sent, held back from the server (never delivered):
    its method, URL, body and the request headers that describe the body."""

    method: str
    url: str
    body: bytes
    headers: tuple[tuple[str, str], ...]


@dataclass
class SignIn:
    """A signed-in browser state (cookies, storage) carried from one authorization's context to
    the next, so a run of attempts signs in once. Held in memory only: it is a secret."""

    state: Any = field(default=None, repr=False)


class RenderedPage(NamedTuple):
    """A document the main frame rendered (not a redirect, not the redirect URI's or a watched
    URL's page, which belong to the client or the attacker), with its response headers."""

    url: str
    status: int
    headers: tuple[tuple[str, str], ...]

    def header(self, name: str) -> str | None:
        wanted = name.lower()
        return next((value for key, value in self.headers if key.lower() == wanted), None)


@dataclass
class AuthorizationOutcome:
    """Where the authorization stopped and the navigation log that backs any verdict about it.

    ``navigations`` holds, in order, every navigation request (``kind="request"``, or
    ``"redirect"`` when it follows a 3xx) and every navigation response with its status
    (``kind="response"``), main frame or not (``is_main_frame``).
    """

    callback_url: str | None = field(repr=False)  # URLs carry codes: kept out of reprs
    stopped: Stopped
    final_url: str = field(repr=False)
    navigations: list[Navigation] = field(default_factory=list, repr=False)
    # The Location of every navigation redirect, resolved, fragment included (not in evidence).
    locations: list[str] = field(default_factory=list, repr=False)
    rendered_pages: list[RenderedPage] = field(default_factory=list, repr=False)
    screenshot: bytes | None = field(default=None, repr=False)
    trace_path: Path | None = None
    watched_url: str | None = field(default=None, repr=False)
    pages_done: list[str] = field(default_factory=list)
    denied: bool = False  # a page's deny button was pressed (decision "deny" was carried out)
    captured: CapturedSubmit | None = field(default=None, repr=False)  # see ``capture``
    tampered: list[tuple[FieldTamper, int]] = field(default_factory=list)  # fields changed
    blocked_requests: list[str] = field(default_factory=list)
    detail: str = ""
    page_title: str = field(default="", repr=False)  # the page shown at an error or unknown stop
    page_text: str = field(default="", repr=False)  # its error element's text, else its body's
    final_status: int | None = None  # HTTP status of the document shown last (None: no answer)
    elapsed_s: float = 0.0
    origins: frozenset[str] = frozenset()  # scheme://host:port of every document requested
    settled: bool = False  # no main-frame navigation was pending when the authorization ended

    def what_the_server_showed(self) -> str:
        """One phrase quoting the page the browser stopped on, for error messages."""
        parts = []
        if self.final_status is not None:
            parts.append(f"HTTP {self.final_status}")
        if self.page_title:
            parts.append(f"title {self.page_title!r}")
        if self.page_text:
            parts.append(f"text {self.page_text[:200]!r}")
        return "; ".join(parts) or "nothing readable"

    @property
    def callback_params(self) -> dict[str, str]:
        """The callback's query parameters (first value of each), empty if no callback."""
        if self.callback_url is None:
            return {}
        params: dict[str, str] = {}
        for key, value in parse_qsl(urlsplit(self.callback_url).query, keep_blank_values=True):
            params.setdefault(key, value)
        return params
