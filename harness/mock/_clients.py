"""Registered clients as Authlib client models: redirect URI matching, scopes, secrets."""

from __future__ import annotations

import hmac
import posixpath
import re
import socket
from urllib.parse import unquote, urldefrag, urlsplit

from authlib.oauth2.rfc6749 import ClientMixin

from harness.mock._seed import GRANT_TYPES, SCOPE_ALL, SCOPE_MCP, ClientSettings
from harness.mock._state import DefectSet, MockState

# A loopback IP literal with an optional port, then the rest of the URI (RFC 8252 §7.3).
_LOOPBACK = re.compile(
    r"^http://(?P<host>127\.0\.0\.1|\[::1\])(?::(?P<port>\d{1,5}))?(?P<rest>/.*)?$"
)


def _loopback_parts(uri: str) -> tuple[str, str] | None:
    match = _LOOPBACK.match(uri)
    if match is None or (match["port"] and int(match["port"]) > 65535):
        return None
    return match["host"], match["rest"] or ""


def _without_port(uri: str) -> str:
    """A loopback IP literal URI with its port dropped (the defect compares what is left)."""
    match = _LOOPBACK.match(uri)
    return f"http://{match['host']}{match['rest'] or ''}" if match else uri


def loopback_port_variant(registered: str, requested: str) -> bool:
    """Same loopback IP literal, path and query as ``registered``; only the port may differ.

    RFC 8252 §7.3 (and RFC 9700 §2.1): for loopback IP literals the AS MUST allow any port.
    ``localhost`` is NOT treated this way (RFC 8252 §8.3 prefers the IP literal).
    """
    reg, req = _loopback_parts(registered), _loopback_parts(requested)
    return reg is not None and reg == req


def _parse_strictly(uri: str) -> None:
    """The defect's parser: the decoded URI must split into a valid host, port and path."""
    decoded = unquote(uri)
    parts = urlsplit(decoded)
    _ = parts.port  # ValueError on a bad port or an unclosed "["
    if parts.fragment or " " in decoded or not parts.hostname:
        raise ValueError("redirect_uri does not parse")


def _normalized(uri: str) -> str:
    try:
        parts = urlsplit(unquote(unquote(uri)).replace("\\", "/"))
    except ValueError:
        return uri
    path = posixpath.normpath(parts.path.split(";")[0]) if parts.path else ""
    return parts._replace(path=path).geturl()


def _loosely_equal(registered: str, requested: str, defects: DefectSet) -> bool:
    """What the comparison defects accept besides an exact match (a loopback port aside)."""

    def same(a: str, b: str) -> bool:
        return a == b or _without_port(a) == b

    if defects.on("redirect-uri-normalized") and same(
        _normalized(requested), _normalized(registered)
    ):
        return True
    if defects.on("redirect-uri-case-insensitive"):
        lowered = requested.lower()
        if same(lowered, registered.lower()):
            return True
    if defects.on("redirect-uri-scheme-ignored"):
        rest = requested.partition(":")[2]
        return same(registered.partition(":")[0] + ":" + rest, registered)
    return False


def _loopback_confused(registered: str, requested: str, defects: DefectSet) -> bool:
    """Port variance done by string tests or by inet_aton instead of by parsing."""
    reg = _loopback_parts(registered)
    if reg is None:
        return False
    host, rest = reg
    if defects.on("loopback-authority-confusion"):
        head = f"http://{host}"
        if requested.startswith(head) and requested.endswith(rest or "/"):
            return True
    if defects.on("loopback-ip-forms") and host == "127.0.0.1":
        parts = urlsplit(requested)
        try:
            same = socket.inet_aton(parts.hostname or "") == socket.inet_aton(host)
        except OSError:
            return False
        return same and parts.path == (rest.split("?")[0] or "/")
    return False


class MockClient(ClientMixin):  # type: ignore[misc]
    """One registered client, bound to the mock state so defects apply at run time."""

    def __init__(
        self, settings: ClientSettings, state: MockState, *, port_variance: bool = True
    ) -> None:
        self.settings = settings
        self.state = state
        self.port_variance = port_variance

    @property
    def is_public(self) -> bool:
        return self.settings.is_public

    def get_client_id(self) -> str:
        return self.settings.id

    def get_default_redirect_uri(self) -> str | None:
        # RFC 6749 §3.1.2.3: redirect_uri may be omitted only if exactly one is registered.
        uris = self.settings.redirect_uris
        return uris[0] if len(uris) == 1 else None

    def get_allowed_scope(self, scope: str | None) -> str | None:
        """The granted scope for a request, or None (→ invalid_scope) if any is unknown."""
        defects = self.state.defects
        if not scope:
            if defects.on("missing-scope-500"):
                raise RuntimeError("no scope to split")
            return self.settings.default_scope  # RFC 6749 §3.3: a pre-defined default
        granted: set[str] = set()
        for item in scope.split():
            if item == SCOPE_ALL:
                granted.update(self.settings.scopes)
            # RFC 9700 §2.3: only what this client is registered for.
            elif (
                item in self.settings.scopes
                or item == SCOPE_MCP
                or defects.on("client-scope-unlimited")
            ):
                granted.add(item)
            elif defects.on("unknown-scope-ignored-silently"):
                continue
            else:
                return None  # RFC 6749 §3.3, §4.1.2.1: invalid_scope
        order = (*self.settings.scopes, SCOPE_MCP, *sorted(granted))
        return " ".join(dict.fromkeys(s for s in order if s in granted))

    def check_redirect_uri(self, redirect_uri: str) -> bool:
        defects = self.state.defects
        if defects.on("redirect-uri-any"):
            return True
        if defects.on("malformed-redirect-uri-500"):
            _parse_strictly(redirect_uri)  # raises on what does not parse: an HTTP 500
        if defects.on("redirect-uri-fragment-accepted"):
            redirect_uri = urldefrag(redirect_uri).url
        for registered in self.settings.redirect_uris:
            # RFC 6749 §3.1.2.3 + RFC 9700 §4.1.3: simple string comparison, exact match.
            if redirect_uri == registered:
                return True
            if _loosely_equal(registered, redirect_uri, defects):
                return True
            # RFC 8252 §7.3: any port for a loopback IP literal redirect URI.
            if (
                self.port_variance
                and not self.state.defects.on("loopback-port-fixed")
                and loopback_port_variant(registered, redirect_uri)
            ):
                return True
            if self.port_variance and _loopback_confused(registered, redirect_uri, defects):
                return True
            if self.state.defects.on("redirect-uri-prefix") and (
                redirect_uri.startswith(registered)
                or (self.port_variance and _without_port(redirect_uri).startswith(registered))
            ):
                return True
        return False

    def check_client_secret(self, client_secret: str) -> bool:
        secret = self.settings.secret
        if secret is None:
            return False
        return hmac.compare_digest(
            secret.encode(), client_secret.encode("utf-8", "surrogateescape")
        )

    def check_endpoint_auth_method(self, method: str, endpoint: str) -> bool:
        return method in self.settings.auth_methods

    def check_response_type(self, response_type: str) -> bool:
        return response_type == "code"

    def check_grant_type(self, grant_type: str) -> bool:
        # Every client may use every grant the mock serves (grant_types, RFC 6749 §4); the
        # client credentials grant refuses public clients itself (RFC 6749 §4.4).
        return grant_type in GRANT_TYPES and self.state.grant_enabled(grant_type)


class ClientRegistry:
    def __init__(
        self, clients: tuple[ClientSettings, ...], state: MockState, *, port_variance: bool = True
    ) -> None:
        self._clients = {c.id: MockClient(c, state, port_variance=port_variance) for c in clients}

    def get(self, client_id: str | None) -> MockClient | None:
        return self._clients.get(client_id or "")
