"""URLs described for messages: where, and which parameters, but never a parameter's value."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlsplit


def describe_url(url: str) -> str:
    """``scheme://host/path`` plus the names of its query parameters (values may be secrets)."""
    parts = urlsplit(url)
    names = sorted({key for key, _ in parse_qsl(parts.query, keep_blank_values=True)})
    base = f"{parts.scheme}://{parts.netloc}{parts.path}"
    return f"{base} (query: {', '.join(names)})" if names else base


def error_params(url: str) -> str:
    """``error=invalid_request, error_description='…'`` when the URL carries an OAuth error
    (RFC 6749 §4.1.2.1: neither is a secret), else ""."""
    params = dict(parse_qsl(urlsplit(url).query, keep_blank_values=True))
    if "error" not in params:
        return ""
    text = f"error={params['error'][:80]}"
    if params.get("error_description"):
        text += f", error_description={params['error_description'][:200]!r}"
    return text
