"""Calls to the protected resource with a bearer token (RFC 6750 §2)."""

from __future__ import annotations

from collections.abc import Sequence
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
    headers: Sequence[tuple[str, str]] = (),
    scheme: str = "Bearer",
    placement: TokenPlacement = "header",
) -> Exchange:
    """One protected-resource request with the probe's own ``method`` and ``headers`` (e.g.
    ``Accept: application/json``); the token goes in the ``Authorization`` header (RFC 6750
    §2.1), the query (``placement="query"``, §2.3), or nowhere (``"none"``, or token None)."""
    sent = [pair for pair in headers if pair[0].lower() != "authorization"]
    if token is not None and placement == "header":
        sent.append(("Authorization", f"{scheme} {token}"))
    if token is not None and placement == "query":
        parts = urlsplit(url)
        query = "&".join(q for q in (parts.query, urlencode({"access_token": token})) if q)
        url = urlunsplit(parts._replace(query=query))
    return http.send(method, url, headers=sent)


def call_api_raw(
    http: HttpSession,
    url: str,
    *,
    method: str = "GET",
    headers: Sequence[tuple[str, str]] = (),
    authorization: Sequence[str] = (),
    content: bytes | None = None,
    content_type: str | None = None,
) -> Exchange:
    """A protected-resource request as written, for scenarios that send what no well-behaved
    client would: ``authorization`` holds the Authorization field lines, sent as given (none,
    one or several, RFC 6750 §2.1); ``content`` is the body, labelled ``content_type``
    (RFC 6750 §2.2). The probe's other ``headers`` go along."""
    sent = [pair for pair in headers if pair[0].lower() not in ("authorization", "content-type")]
    sent += [("Authorization", value) for value in authorization]
    if content_type is not None:
        sent.append(("Content-Type", content_type))
    return http.send(method, url, content=content, headers=sent)
