"""A target as the harness sees it: endpoints, clients, user, API probes, browser, capabilities."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from types import MappingProxyType
from typing import Literal
from urllib.parse import urlsplit, urlunsplit

from harness.targets._redirect import PortPolicy, RedirectUri, redirect_uri

AuthMethod = Literal["client_secret_post", "client_secret_basic", "none"]
AUTH_METHODS: tuple[AuthMethod, ...] = ("client_secret_post", "client_secret_basic", "none")
TargetKind = Literal["mock", "remote"]
CLIENT_ROLES = ("primary", "second", "public")
# RFC 6749 §4 grant types as RFC 8414 §2 grant_types_supported names them.
GRANT_TYPES = ("authorization_code", "refresh_token", "client_credentials", "password", "implicit")
WELL_KNOWN = "/.well-known/oauth-authorization-server"


class TargetError(ValueError):
    """A target file problem, as one line naming the file and the key (never a secret value)."""

    def __init__(self, message: str) -> None:
        super().__init__(single_line(message))


_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def single_line(text: str, limit: int = 1000) -> str:
    """``text`` on one line: control characters (a newline in a key, an escape sequence from a
    server) shown escaped, and cut at ``limit`` characters."""
    shown = _CONTROL.sub(lambda m: repr(m.group(0))[1:-1], text)
    return shown if len(shown) <= limit else shown[:limit] + "…"


@dataclass(frozen=True, kw_only=True)
class Endpoints:
    """Endpoint URLs; relative paths (``/oauth2/token``) until an issuer resolves them."""

    issuer: str
    authorization: str
    token: str
    revocation: str | None = None
    metadata: str | None = None
    discover: bool = False


@dataclass(frozen=True, kw_only=True)
class ClientConfig:
    id: str
    secret: str | None = field(default=None, repr=False)
    auth_method: AuthMethod = "client_secret_basic"
    redirect_uri: str  # as registered
    scope: str = ""
    redirect_uri_port: PortPolicy | None = None  # None: the default for the URI's shape
    narrow_scope: str | None = None  # a strict part of ``scope`` the client may ask for alone

    @property
    def redirect(self) -> RedirectUri:
        """The registered URI with its form (RedirectUriError if they disagree)."""
        return redirect_uri(self.redirect_uri, self.redirect_uri_port)


@dataclass(frozen=True, kw_only=True)
class UserConfig:
    username: str
    password: str = field(repr=False)
    totp_secret: str | None = field(default=None, repr=False)


@dataclass(frozen=True, kw_only=True)
class ApiProbe:
    """One protected-resource request: a cheap call that succeeds with a valid token."""

    url: str
    method: str = "GET"
    headers: tuple[tuple[str, str], ...] = ()
    scope: str | None = None  # the scoped probe only: the scope it needs (RFC 6750 §3.1)


@dataclass(frozen=True, kw_only=True)
class FailureShape:
    """What the API answers without a valid token: a status and a JSON subset of its body."""

    status: int = 401
    json: Mapping[str, object] = field(default_factory=lambda: MappingProxyType({}))


@dataclass(frozen=True, kw_only=True)
class ApiConfig:
    probe: ApiProbe
    scoped_probe: ApiProbe | None = None  # needs its ``scope``
    identity: ApiProbe | None = None  # who the token belongs to (Taskade's /oauth2/ping)
    body_probe: ApiProbe | None = None  # a call with a request body (RFC 6750 §2.2 scenarios)
    failure: FailureShape | None = None  # None: the file documents no failure shape


@dataclass(frozen=True, kw_only=True)
class PageTask:
    """A page the browser may meet: recognised by ``selector``, then filled and submitted."""

    name: str
    selector: str
    fill: tuple[tuple[str, str], ...] = ()  # (CSS selector, template with {username} …)
    submit: str
    deny: str | None = None
    optional: bool = False  # the server may skip it (consent auto-approved for a known client)
    csrf_field: str | None = None  # CSS of the form's anti-CSRF field (RFC 6749 §10.12)


@dataclass(frozen=True, kw_only=True)
class BrowserScript:
    pages: tuple[PageTask, ...] = ()
    timeout_s: float = 30.0
    error_selector: str | None = None

    @property
    def consent_page(self) -> PageTask | None:
        """The page that carries the consent decision: the one named ``consent``, else the
        last page with a deny button."""
        named = [page for page in self.pages if page.name == "consent"]
        candidates = named or [page for page in self.pages if page.deny]
        return candidates[-1] if candidates else None


@dataclass(frozen=True, kw_only=True)
class Capabilities:
    """What the target can do; a scenario needing an absent capability is skipped."""

    pkce: bool = True
    pkce_plain_rejected: bool = False
    refresh: bool = True
    refresh_rotation: bool = False
    revocation: bool = False
    metadata: bool = False
    iss_parameter: bool = False
    www_authenticate: bool = True
    clock_control: bool = False
    # Derived from [clients.*], never written in a file.
    second_client: bool = False
    public_client: bool = False
    loopback_any_port: bool = False  # the primary redirect URI's port may vary (RFC 8252 §7.3)


@dataclass(frozen=True, kw_only=True)
class GrantsConfig:
    """The target file's ``[grants]`` table.

    ``offered``: the grant types the target serves (GRANT_TYPES names), or None when the file
    does not say (the run discovers them from the metadata). ``real_password``: whether the
    password-grant probes may send the ``[user]``'s real credentials; otherwise they send
    credentials of no real account.
    """

    offered: frozenset[str] | None = None
    real_password: bool = False


DERIVED_CAPABILITIES = ("second_client", "public_client", "loopback_any_port")
DECLARABLE_CAPABILITIES = tuple(
    f.name for f in fields(Capabilities) if f.name not in DERIVED_CAPABILITIES
)


@dataclass(frozen=True, kw_only=True)
class Target:
    name: str
    kind: TargetKind
    source: Path
    endpoints: Endpoints
    clients: Mapping[str, ClientConfig]
    user: UserConfig | None
    api: ApiConfig
    browser: BrowserScript
    capabilities: Capabilities
    declared: frozenset[str] = frozenset()  # capabilities the file set; discovery fills the rest
    grants: GrantsConfig = GrantsConfig()

    def secrets(self) -> frozenset[str]:
        """Every secret value the file holds, for the evidence redactor."""
        values = [client.secret for client in self.clients.values()]
        if self.user is not None:
            values += [self.user.password, self.user.totp_secret]
        return frozenset(value for value in values if value)

    def with_issuer(self, issuer: str) -> Target:
        """This target with ``issuer`` set and every relative path resolved against it."""
        problem = issuer_problem(issuer)
        if problem is not None:
            raise TargetError(f"{self.source}: [endpoints] issuer: {problem}")
        ends = self.endpoints
        metadata = ends.metadata
        if metadata is None and (ends.discover or self.capabilities.metadata):
            metadata = well_known_url(issuer)
        endpoints = replace(
            ends,
            issuer=issuer,
            authorization=resolve(issuer, ends.authorization),
            token=resolve(issuer, ends.token),
            revocation=_resolve_optional(issuer, ends.revocation),
            metadata=_resolve_optional(issuer, metadata),
        )
        scoped, identity = self.api.scoped_probe, self.api.identity
        api = replace(
            self.api,
            probe=_resolve_probe(issuer, self.api.probe),
            scoped_probe=scoped and _resolve_probe(issuer, scoped),
            identity=identity and _resolve_probe(issuer, identity),
            body_probe=self.api.body_probe and _resolve_probe(issuer, self.api.body_probe),
        )
        return replace(self, endpoints=endpoints, api=api)


def resolve(issuer: str, value: str) -> str:
    """``/oauth2/token`` -> ``<issuer>/oauth2/token``; absolute URLs (and "") stay as they are."""
    return issuer.rstrip("/") + value if value.startswith("/") else value


def _resolve_optional(issuer: str, value: str | None) -> str | None:
    return None if value is None else resolve(issuer, value)


def _resolve_probe(issuer: str, probe: ApiProbe) -> ApiProbe:
    return replace(probe, url=resolve(issuer, probe.url))


def issuer_problem(issuer: str) -> str | None:
    parts = urlsplit(issuer)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return f"{issuer!r} is not an absolute http(s) URL"
    if parts.query or parts.fragment:
        return f"{issuer!r} has a query or fragment (RFC 8414 §2 forbids both)"
    return None


def well_known_url(issuer: str) -> str:
    """RFC 8414 §3.1: the well-known segment goes between the host and the issuer's path."""
    parts = urlsplit(issuer)
    path = parts.path.rstrip("/")
    return urlunsplit((parts.scheme, parts.netloc, WELL_KNOWN + path, "", ""))
