"""RFC 8414 discovery: endpoints and a few capabilities from the issuer's metadata document."""

from __future__ import annotations

import json
from dataclasses import replace
from urllib.parse import urlsplit

import httpx

from harness.targets._model import Target, TargetError, well_known_url


def discover(target: Target, client: httpx.Client) -> Target:
    """Fetch the metadata and fill what the file left out.

    Endpoints written in the file win over the metadata (that is how one is pinned), and so do
    capabilities the file declares. Call it on a target whose issuer is known (``with_issuer``).
    """
    ends = target.endpoints
    prefix = f"{target.source}: [endpoints] discover:"
    if not ends.issuer:
        raise TargetError(f"{prefix} the issuer is not known yet (call with_issuer first)")
    url = ends.metadata or well_known_url(ends.issuer)
    metadata = _fetch(url, client, f"{prefix} metadata at {url}")

    def field(name: str, *, required: bool) -> str | None:
        value = metadata.get(name)
        if value is None and not required:
            return None
        try:
            parts = urlsplit(value) if isinstance(value, str) else None
        except ValueError:  # e.g. an unclosed IPv6 literal
            parts = None
        if parts is None or parts.scheme not in ("http", "https") or not parts.netloc:
            problem = "is missing" if value is None else "is not an absolute http(s) URL"
            raise TargetError(f"{prefix} metadata at {url}: {name} {problem} (RFC 8414 §2)")
        return str(value)

    # RFC 8414 §3.3: the issuer in the document must be identical to the one it was fetched for.
    if metadata.get("issuer") != ends.issuer:
        raise TargetError(
            f"{prefix} metadata at {url}: issuer {_short(metadata.get('issuer'))} is not the "
            f"configured {ends.issuer!r} (RFC 8414 §3.3)"
        )
    endpoints = replace(
        ends,
        authorization=ends.authorization or field("authorization_endpoint", required=True) or "",
        token=ends.token or field("token_endpoint", required=True) or "",
        revocation=ends.revocation or field("revocation_endpoint", required=False),
        metadata=url,
    )
    methods = metadata.get("code_challenge_methods_supported")
    learned = {
        # RFC 8414 §2: omitted code_challenge_methods_supported means no PKCE support.
        "pkce": isinstance(methods, list) and "S256" in methods,
        # RFC 9207 §3: omitted means false.
        "iss_parameter": metadata.get("authorization_response_iss_parameter_supported") is True,
        "revocation": endpoints.revocation is not None,
        "metadata": True,
    }
    chosen = {name: value for name, value in learned.items() if name not in target.declared}
    capabilities = replace(target.capabilities, **chosen)
    return replace(target, endpoints=endpoints, capabilities=capabilities)


def _fetch(url: str, client: httpx.Client, where: str) -> dict[str, object]:
    try:
        response = client.get(url, headers={"Accept": "application/json"})
    except httpx.HTTPError as exc:
        hint = "is the server running, and is [endpoints] issuer right?"
        raise TargetError(f"{where}: no answer ({type(exc).__name__}: {exc}); {hint}") from None
    # RFC 8414 §3.2: a 200 response with a JSON object.
    if response.status_code != 200:
        raise TargetError(f"{where}: HTTP {response.status_code}, expected 200 (RFC 8414 §3.2)")
    try:
        body = json.loads(response.content)
    except (ValueError, RecursionError):
        raise TargetError(f"{where}: the body is not JSON (RFC 8414 §3.2)") from None
    if not isinstance(body, dict):
        raise TargetError(f"{where}: the body is not a JSON object (RFC 8414 §3.2)")
    return body


def _short(value: object) -> str:
    """A value from the document quoted for a message, cut short: it is the server's text."""
    text = repr(value)
    return text if len(text) <= 120 else text[:120] + "…"
