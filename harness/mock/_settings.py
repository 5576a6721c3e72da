"""MockSettings: every knob of the mock, conformant by default, loadable from TOML.

Settings file (every key optional; names are the MockSettings fields)::

    port = 8080
    access_token_ttl = 3600        # seconds; also the token responses' expires_in
    refresh_token_ttl = 2592000
    code_ttl = 60
    rate_limit = 10000             # requests per token (or per caller without one) per window
    rate_window = 60.0             # seconds, on the mock clock
    pkce_plain_allowed = false
    loopback_port_variance = true  # false: redirect URIs match exactly, loopback ports too
    revocation_enabled = true
    www_authenticate = true        # Bearer challenges on API errors (Taskade's is unknown)
    control = false                # the /_mock/* control endpoints
    grant_types = ["authorization_code", "refresh_token", "client_credentials"]
                                   # the default; "password" and "implicit" may be added
    defects = ["code-reusable"]    # or "a,b"

    [user]                         # keys override the seeded user's
    email = "user@example.com"

    [clients.primary]              # any [clients.*] table replaces ALL seeded clients
    id = "client-one.client.test"
    secret = "..."                 # omit for a public client (auth_methods = ["none"])
    auth_methods = ["client_secret_post", "client_secret_basic"]
    redirect_uris = ["http://127.0.0.1/callback"]
"""

from __future__ import annotations

import difflib
import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from harness.mock._defects import UnknownDefectError, check_defect, parse_defects
from harness.mock._seed import (
    AUTH_METHODS,
    DEFAULT_GRANT_TYPES,
    GRANT_TYPES,
    SEED,
    ClientSettings,
    UserSettings,
)

# In-process use: httpx.Client(base_url=settings.issuer). MockServer swaps this default for
# the bound base URL; any other value is kept as the issuer.
IN_PROCESS_ISSUER = "http://127.0.0.1"
MAX_SETTING = 10 * 365 * 24 * 3600  # ten years of seconds: beyond it a lifetime means "never"


class SettingsError(ValueError):
    """A bad setting; the message is one line naming the file (if any) and the key."""


@dataclass(frozen=True)
class MockSettings:
    """Everything configurable about the mock. Defaults are conformant and Taskade-shaped."""

    port: int = 0
    issuer: str = IN_PROCESS_ISSUER
    user: UserSettings = SEED.user
    clients: tuple[ClientSettings, ...] = SEED.clients
    access_token_ttl: int = 3600
    refresh_token_ttl: int = 30 * 24 * 3600
    code_ttl: int = 60
    rate_limit: int = 10_000
    rate_window: float = 60.0
    pkce_plain_allowed: bool = False
    # RFC 8252 §7.3: any port for a loopback IP literal redirect URI. False makes every
    # registration exact-match only, as many real servers are (a fixed-port registration).
    loopback_port_variance: bool = True
    revocation_enabled: bool = True
    www_authenticate: bool = True
    control: bool = False
    # RFC 6749 §4: the grants served and advertised (RFC 8414 §2). Password (RFC 9700 §2.4) and
    # implicit (RFC 9700 §2.1.2) are off unless listed; authorization_code is always on.
    grant_types: frozenset[str] = DEFAULT_GRANT_TYPES
    defects: frozenset[str] = field(default_factory=frozenset)
    # A test hook: every code, access and refresh token, CSRF token and session cookie the mock
    # issues starts with this prefix and its kind (``<prefix>code-…``), so a test can plant
    # canary values and search reports for them (tests/reports). Empty: plain random values.
    issued_prefix: str = ""

    def __post_init__(self) -> None:
        if not 0 <= self.port <= 65535:
            raise SettingsError(f"port: {self.port} is not a TCP port (0-65535)")
        _check_issuer(self.issuer)
        for key in ("access_token_ttl", "refresh_token_ttl", "code_ttl", "rate_limit"):
            if not 0 < getattr(self, key) <= MAX_SETTING:
                raise SettingsError(f"{key}: must be a positive integer up to {MAX_SETTING}")
        if not 0 < self.rate_window <= MAX_SETTING:  # also refuses nan and inf
            raise SettingsError(
                f"rate_window: must be a positive number of seconds up to {MAX_SETTING}"
            )
        try:
            object.__setattr__(self, "defects", frozenset(map(check_defect, self.defects)))
        except UnknownDefectError as exc:
            raise SettingsError(f"defects: {exc}") from None
        object.__setattr__(self, "grant_types", frozenset(self.grant_types))
        _check_grant_types(self.grant_types)
        ids = [c.id for c in self.clients]
        if len(set(ids)) != len(ids):
            raise SettingsError("clients: two clients share an id")
        for client in self.clients:
            _check_client(client)

    def client(self, client_id: str) -> ClientSettings | None:
        return next((c for c in self.clients if c.id == client_id), None)


def _check_issuer(issuer: str) -> None:
    # RFC 8414 §2: an issuer has no query or fragment; plain http only on loopback (the mock).
    try:
        parts = urlsplit(issuer)
        parts.port  # noqa: B018 - raises ValueError for a port that is not one
    except ValueError:
        raise SettingsError(f"issuer: {issuer!r} is not a valid URL") from None
    loopback = parts.hostname in ("127.0.0.1", "::1", "localhost")
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise SettingsError(f"issuer: {issuer!r} is not an absolute http(s) URL")
    if parts.query or parts.fragment or (parts.scheme == "http" and not loopback):
        raise SettingsError(f"issuer: {issuer!r} must be https (or loopback http), no query")
    if parts.path:  # the mock serves its endpoints at the root of its origin
        raise SettingsError(f"issuer: {issuer!r} must have no path (scheme://host[:port])")


def _check_grant_types(grant_types: frozenset[str]) -> None:
    unknown = sorted(set(grant_types) - set(GRANT_TYPES))
    if unknown:
        raise SettingsError(
            f"grant_types: unknown {unknown[0]!r} (use some of {', '.join(GRANT_TYPES)})"
        )
    if "authorization_code" not in grant_types:
        raise SettingsError(
            "grant_types: authorization_code cannot be switched off (every flow starts with it)"
        )


def _check_client(client: ClientSettings) -> None:
    key = f"clients[{client.id}]"
    bad = [m for m in client.auth_methods if m not in AUTH_METHODS]
    if bad or not client.auth_methods:
        raise SettingsError(f"{key}.auth_methods: use some of {', '.join(AUTH_METHODS)}")
    if client.is_public != (client.auth_methods == ("none",)):
        raise SettingsError(f"{key}: a public client has no secret and auth_methods ['none']")
    if not client.redirect_uris:
        raise SettingsError(f"{key}.redirect_uris: register at least one")
    for uri in client.redirect_uris:
        try:
            parts = urlsplit(uri)
            parts.port  # noqa: B018 - raises ValueError for a port that is not one
        except ValueError:
            raise SettingsError(f"{key}.redirect_uris: {uri!r} is not a valid URL") from None
        # RFC 6749 §3.1.2: absolute, no fragment.
        if not parts.scheme or not parts.netloc or "#" in uri:
            raise SettingsError(f"{key}.redirect_uris: {uri!r} is not absolute or has a fragment")
    if client.default_scope not in client.scopes:
        raise SettingsError(f"{key}.default_scope: {client.default_scope!r} is not in scopes")


_TOP_KEYS = {f.name: f for f in fields(MockSettings)}
_CLIENT_KEYS = ("id", "secret", "auth_methods", "redirect_uris", "scopes", "default_scope", "name")
_TYPES: dict[str, type] = {
    "port": int,
    "issuer": str,
    "access_token_ttl": int,
    "refresh_token_ttl": int,
    "code_ttl": int,
    "rate_limit": int,
    "rate_window": float,
    "pkce_plain_allowed": bool,
    "loopback_port_variance": bool,
    "revocation_enabled": bool,
    "www_authenticate": bool,
    "control": bool,
    "issued_prefix": str,
}


def load_settings(path: str | Path, base: MockSettings | None = None) -> MockSettings:
    """Read a TOML settings file over ``base`` (default: MockSettings()).

    Raises SettingsError whose message is one line: ``<file>: <key>: <problem>``.
    """
    where = str(path)
    try:
        with open(path, "rb") as handle:
            data = tomllib.load(handle)
    except OSError as exc:
        raise SettingsError(f"{where}: cannot read settings file ({exc.strerror})") from None
    except UnicodeDecodeError:
        raise SettingsError(f"{where}: not UTF-8 text") from None
    except tomllib.TOMLDecodeError as exc:
        raise SettingsError(f"{where}: not valid TOML ({exc})") from None
    except RecursionError:
        raise SettingsError(f"{where}: TOML nested too deeply to read") from None
    try:
        return replace(base or MockSettings(), **_convert(data))
    except SettingsError as exc:
        raise SettingsError(f"{where}: {exc}") from None


def _convert(data: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in data.items():
        _known(key, _TOP_KEYS, "")
        if key == "user":
            out[key] = _user(_table(key, value))
        elif key == "clients":
            out[key] = tuple(
                _client(name, _table(f"clients.{name}", t))
                for name, t in _table(key, value).items()
            )
        elif key == "defects":
            out[key] = _defects(value)
        elif key == "grant_types":
            names = _strings(key, value)
            if len(set(names)) != len(names):
                raise SettingsError("grant_types: a grant type is listed twice")
            out[key] = frozenset(names)
        else:
            out[key] = _typed(key, value, _TYPES[key])
    return out


def _known(key: str, known: Any, prefix: str) -> None:
    if key not in known:
        near = difflib.get_close_matches(key, list(known), n=1)
        hint = f" (did you mean {near[0]!r}?)" if near else ""
        raise SettingsError(f"{prefix}unknown key {key!r}{hint}")


def _table(key: str, value: Any) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise SettingsError(f"{key}: expected a table")
    return value


def _typed(key: str, value: Any, kind: type) -> Any:
    ok = isinstance(value, kind) and not (kind is not bool and isinstance(value, bool))
    if kind is float and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    if not ok:
        raise SettingsError(f"{key}: expected {kind.__name__}, got {type(value).__name__}")
    return value


def _strings(key: str, value: Any) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise SettingsError(f"{key}: expected a list of strings")
    return tuple(value)


def _defects(value: Any) -> frozenset[str]:
    try:
        if isinstance(value, str):
            return parse_defects(value)
        return frozenset(check_defect(name) for name in _strings("defects", value))
    except UnknownDefectError as exc:
        raise SettingsError(f"defects: {exc}") from None


def _user(table: dict[str, Any]) -> UserSettings:
    for key, value in table.items():
        _known(key, ("email", "password", "handle"), "[user] ")
        _typed(f"user.{key}", value, str)
    return replace(SEED.user, **table)


def _client(name: str, table: dict[str, Any]) -> ClientSettings:
    prefix = f"[clients.{name}] "
    kwargs: dict[str, Any] = {}
    for key, value in table.items():
        _known(key, _CLIENT_KEYS, prefix)
        if key in ("auth_methods", "redirect_uris", "scopes"):
            kwargs[key] = _strings(f"clients.{name}.{key}", value)
        else:
            kwargs[key] = _typed(f"clients.{name}.{key}", value, str)
    for required in ("id", "redirect_uris"):
        if required not in kwargs:
            raise SettingsError(f"{prefix}missing key {required!r}")
    kwargs.setdefault("secret", None)
    default_methods = ("none",) if kwargs["secret"] is None else ("client_secret_post",)
    kwargs.setdefault("auth_methods", default_methods)
    return ClientSettings(**kwargs)
