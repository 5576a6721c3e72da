"""A remote browser: a Playwright browser server reached over WebSocket (``--browser-endpoint``).

The endpoint URL may carry a credential (a browserless-style ``?token=``, or ``user:pass@``):
only ``shown_endpoint`` (scheme://host:port/…) ever appears in a header, error or summary.

What stays safe with a browser someone else launched: each context's route, which aborts every
request to a host that is neither loopback nor the target's, runs in this process (the
connection's client side) and still applies. What cannot be enforced from here: Chromium's
``--host-resolver-rules``, which only the process that launches the browser sets (the harness
asks for them in the ``x-playwright-launch-options`` header; ``python -m
harness.browser.serve`` starts its browser with them; another server may ignore them).

Stdlib only at import time; Playwright loads when a session connects.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING
from urllib.parse import quote, unquote, urlsplit

from harness.browser._chromium import ChromiumNotFoundError, find_chromium

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Playwright

ENDPOINT_SCHEMES = ("ws", "wss")
CONNECT_TIMEOUT_S = 15.0  # a server that accepts but never answers ends the run within this
LAUNCH_OPTIONS_HEADER = "x-playwright-launch-options"


class EndpointError(ValueError):
    """A ``--browser-endpoint`` that is not a ws:// or wss:// URL with a host; ``str()`` is one
    line without the URL's query or credentials."""


class BrowserUnreachableError(ChromiumNotFoundError):
    """The remote browser could not be used: for the run, as good as no Chromium (exit 3).
    ``str()`` is one line naming the endpoint without its query or credentials."""


def shown_endpoint(url: str) -> str:
    """``scheme://host:port`` of ``url``, then ``/…`` if it has a path: no credentials, path,
    query or fragment (a browser server's path is its only key, and tokens go in the query)."""
    try:
        parts = urlsplit(url.strip())
        host = parts.hostname or ""
    except ValueError:
        return "<an unparseable URL>"
    try:
        port = "" if parts.port is None else f":{parts.port}"
    except ValueError:
        port = ":<not a port>"
    if ":" in host:
        host = f"[{host}]"
    path = "/…" if parts.path not in ("", "/") else ""
    return f"{parts.scheme}://{host}{port}{path}"


def parse_endpoint(url: str) -> str:
    """``url`` stripped, if it is a ws:// or wss:// URL with a host (and a valid port); raises
    EndpointError otherwise."""
    text = url.strip()
    try:
        parts = urlsplit(text)
        host = parts.hostname
    except ValueError:
        host = None
    if host is None or parts.scheme not in ENDPOINT_SCHEMES:
        raise EndpointError(
            f"{shown_endpoint(text)!r} is not a ws:// or wss:// URL with a host "
            "(a Playwright browser server's endpoint)"
        )
    try:
        valid_port = parts.port is None or parts.port > 0
    except ValueError:
        valid_port = False
    if not valid_port:
        raise EndpointError(f"{shown_endpoint(text)!r} has no valid port (1 to 65535)")
    return text


def describe_browser(endpoint: str | None) -> str:
    """``remote <endpoint shown>`` or ``local <path of the Chromium found>`` (one line)."""
    if endpoint:
        return f"remote {shown_endpoint(endpoint)}"
    try:
        found = find_chromium()
    except ChromiumNotFoundError as exc:
        return f"local, none usable ({exc})"
    return f"local {found}" if found is not None else "local, none found"


def _scrubbed(text: str, endpoint: str) -> str:
    """The first line of a Playwright error, without its API prefix or the endpoint's secrets."""
    line = next((ln.strip() for ln in text.splitlines() if ln.strip()), "no reason given")
    line = re.sub(r"^BrowserType\.connect:\s*", "", line)
    line = line.replace(endpoint, shown_endpoint(endpoint))
    parts = urlsplit(endpoint)
    path = parts.path if parts.path not in ("", "/") else ""
    for secret in (parts.query, path, parts.password or "", parts.username or ""):
        if not secret:
            continue
        # Playwright prints the URL as Node encodes it; path dot segments may be resolved.
        for form in {secret, quote(secret, safe=""), quote(secret, safe="/:"), unquote(secret)}:
            line = line.replace(form, "<redacted>")
        for segment in secret.split("/"):
            if len(segment) >= 8:
                line = line.replace(segment, "<redacted>").replace(quote(segment), "<redacted>")
    return line


def unreachable(endpoint: str, reason: str) -> BrowserUnreachableError:
    return BrowserUnreachableError(
        f"the browser server at {shown_endpoint(endpoint)} could not be used: "
        f"{_scrubbed(reason, endpoint)}"
    )


def connect(
    playwright: Playwright,
    endpoint: str,
    *,
    args: Sequence[str],
    headless: bool = True,
    timeout_s: float = CONNECT_TIMEOUT_S,
) -> Browser:
    """Chromium at ``endpoint`` (a Playwright browser server), within ``timeout_s`` seconds.

    ``args`` travel in the launch-options header: a ``playwright run-server --unsafe`` launches
    with them, a plain ``run-server`` drops them, a ``launchServer`` browser (ours) was launched
    with its own. Raises BrowserUnreachableError (one line, no secret) when it does not answer.
    """
    from playwright.sync_api import Error as PlaywrightError

    header = json.dumps({"args": list(args), "headless": headless})
    try:
        return playwright.chromium.connect(
            endpoint, timeout=timeout_s * 1000, headers={LAUNCH_OPTIONS_HEADER: header}
        )
    except PlaywrightError as exc:
        raise unreachable(endpoint, exc.message) from None


def check_endpoint(endpoint: str, *, timeout_s: float = CONNECT_TIMEOUT_S) -> None:
    """Connect to ``endpoint`` and disconnect; raises BrowserUnreachableError if it does not
    answer as a Playwright browser server within ``timeout_s`` seconds."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        connect(playwright, endpoint, args=(), timeout_s=timeout_s).close()
