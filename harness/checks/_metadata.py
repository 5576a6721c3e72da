"""Checks on an RFC 8414 authorization server metadata document (its parsed JSON object).

A check looks at the document alone; what the server does is compared by the scenario, which
passes in what it observed (the configured issuer, a capability, a probe's result).
"""

from __future__ import annotations

import ipaddress
from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import SplitResult, urlsplit

from harness.checks._violation import Violation

Metadata = Mapping[str, Any]
MetadataCheck = Callable[[Metadata], Violation | None]

# RFC 8414 §2: the value a member has when the document leaves it out.
DEFAULTS: Mapping[str, tuple[str, ...]] = {
    "grant_types_supported": ("authorization_code", "implicit"),
    "token_endpoint_auth_methods_supported": ("client_secret_basic",),
}


def is_loopback_host(host: str | None) -> bool:
    """``localhost``, or an IP literal of the loopback interface (127.0.0.0/8, ::1)."""
    if not host:
        return False
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _url(value: object) -> SplitResult | None:
    """``value`` split as an absolute URL, or None when it is not one."""
    if not isinstance(value, str):
        return None
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018 - raises ValueError for a port that is not one
    except ValueError:
        return None
    return parts if parts.scheme and parts.hostname else None


def _local(parts: SplitResult | None) -> bool:
    """A plain-http URL on a loopback host: a local deployment, where TLS is not judged."""
    return parts is not None and parts.scheme == "http" and is_loopback_host(parts.hostname)


def _shown(document: Metadata, member: str) -> str:
    if member not in document:
        return f"no '{member}' member"
    text = repr(document[member])
    return f"{member} = {text if len(text) <= 200 else text[:200] + '…'}"


def supported(document: Metadata, member: str) -> tuple[str, ...] | None:
    """The values a ``*_supported`` member lists (its RFC 8414 §2 default when omitted, else
    none); None when the member is not a JSON array of strings."""
    value = document.get(member, DEFAULTS.get(member, ()))
    if isinstance(value, list | tuple) and all(isinstance(item, str) for item in value):
        return tuple(value)
    return None


def issuer_equals(expected: str, ref: str = "RFC8414-3.3") -> MetadataCheck:
    """``issuer`` is identical (string equality, no normalisation) to ``expected``."""

    def check(document: Metadata) -> Violation | None:
        if document.get("issuer") == expected:
            return None
        return Violation(
            "The metadata's issuer is not the issuer its well-known URL was built from",
            f"issuer = {expected!r}",
            _shown(document, "issuer"),
            ref,
        )

    return check


def issuer_is_https(ref: str = "RFC8414-2") -> MetadataCheck:
    """``issuer`` is an https URL without query or fragment; plain http only on a loopback host
    (a local deployment such as the bundled mock, where TLS is not judged)."""

    def check(document: Metadata) -> Violation | None:
        value = document.get("issuer")
        parts = _url(value)
        secure = parts is not None and (parts.scheme == "https" or _local(parts))
        if secure and isinstance(value, str) and "?" not in value and "#" not in value:
            return None
        return Violation(
            "The metadata's issuer is not an https URL without query and fragment",
            "an https URL without query or fragment (plain http only on a loopback host)",
            _shown(document, "issuer"),
            ref,
        )

    return check


def endpoint_uses_tls(member: str, issuer: str, ref: str) -> MetadataCheck:
    """An advertised endpoint (``member``, if present) is an https URL. Plain http passes only
    for a local deployment: a loopback endpoint advertised by a plain-http loopback issuer."""
    local_issuer = _local(_url(issuer))

    def check(document: Metadata) -> Violation | None:
        if member not in document:
            return None
        parts = _url(document[member])
        if parts is not None and (parts.scheme == "https" or (local_issuer and _local(parts))):
            return None
        return Violation(
            f"The metadata advertises {member} without TLS",
            "an https URL (plain http only on a loopback host, when the issuer is one too)",
            _shown(document, member),
            ref,
        )

    return check


def lists(member: str, value: str, ref: str, why: str) -> MetadataCheck:
    """The ``*_supported`` ``member`` (or its RFC 8414 §2 default) lists ``value``."""

    def check(document: Metadata) -> Violation | None:
        if value in (supported(document, member) or ()):
            return None
        default = f" (omitted: {list(DEFAULTS[member])})" if member in DEFAULTS else ""
        return Violation(
            why, f"{member} listing {value!r}", _shown(document, member) + default, ref
        )

    return check


def omits(member: str, value: str, ref: str, why: str) -> MetadataCheck:
    """The ``*_supported`` ``member`` (or its RFC 8414 §2 default) does not list ``value``."""

    def check(document: Metadata) -> Violation | None:
        if value not in (supported(document, member) or ()):
            return None
        return Violation(why, f"{member} without {value!r}", _shown(document, member), ref)

    return check


def url_has_no_fragment(member: str, ref: str, why: str) -> MetadataCheck:
    """The URL in ``member`` (if present) has no fragment component, not even an empty one."""

    def check(document: Metadata) -> Violation | None:
        value = document.get(member)
        if not isinstance(value, str) or "#" not in value:
            return None
        return Violation(why, f"{member} without a '#' fragment", _shown(document, member), ref)

    return check
