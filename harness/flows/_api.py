"""Calls to the protected resource with a bearer token (RFC 6750 §2)."""

from __future__ import annotations

from typing import Literal
from urllib.parse import urlencode, urlsplit, urlunsplit

from harness.evidence import Exchange
from harness.flows._http import HttpSession

TokenPlacement = Literal["header", "query", "none"]


def call_api(
    http: HttpSession,
    url: str,
    token: str | None,
    *,
    method: str = "GET",
    scheme: str = "Bearer",
    placement: TokenPlacement = "header",
) -> Exchange:
    """``placement="query"`` sends ``?access_token=`` (RFC 6750 §2.3), "none" sends no token."""
    headers: list[tuple[str, str]] = []
    if token is not None and placement == "header":
        headers.append(("Authorization", f"{scheme} {token}"))
    if token is not None and placement == "query":
        parts = urlsplit(url)
        query = "&".join(q for q in (parts.query, urlencode({"access_token": token})) if q)
        url = urlunsplit(parts._replace(query=query))
    return http.send(method, url, headers=headers)
