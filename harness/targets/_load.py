"""Reading a target file (TOML) into a Target, rejecting anything unknown or ill-typed."""

from __future__ import annotations

import difflib
import re
import string
import tomllib
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from types import MappingProxyType
from typing import cast

from harness.targets._model import (
    AUTH_METHODS,
    CLIENT_ROLES,
    DECLARABLE_CAPABILITIES,
    GRANT_TYPES,
    ApiConfig,
    ApiProbe,
    AuthMethod,
    BrowserScript,
    Capabilities,
    ClientConfig,
    Endpoints,
    FailureShape,
    GrantsConfig,
    PageTask,
    Target,
    TargetError,
    TargetKind,
    UserConfig,
    issuer_problem,
)
from harness.targets._reader import Context, Table
from harness.targets._redirect import PORT_POLICIES, PortPolicy, RedirectUriError, redirect_uri

TOP_KEYS = (
    *("name", "kind", "description", "endpoints", "clients", "user", "api", "browser"),
    *("capabilities", "launch", "grants"),
)
ENDPOINT_KEYS = ("issuer", "authorization", "token", "revocation", "metadata", "discover")
CLIENT_KEYS = (
    *("id", "secret", "auth_method", "redirect_uri", "redirect_uri_port", "scope"),
    "narrow_scope",
)
USER_KEYS = ("username", "password", "totp_secret")
API_KEYS = ("probe", "scoped_probe", "identity", "body_probe", "failure")
PROBE_KEYS = ("method", "url", "headers")
SCOPED_PROBE_KEYS = (*PROBE_KEYS, "scope")
BROWSER_KEYS = ("timeout_s", "error_selector", "pages")
PAGE_KEYS = ("name", "selector", "fill", "submit", "deny", "optional", "csrf_field")
TEMPLATE_FIELDS = ("username", "password", "totp")
GRANTS_KEYS = ("offered", "real_password")
_HEADER_NAME = re.compile(r"[!#$%&'*+.^_`|~0-9A-Za-z-]+")
_HEADER_CTL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f]")


def load_target(path: Path, environ: Mapping[str, str]) -> Target:
    """Read and validate a target file; any problem is a TargetError of one line."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise TargetError(f"{path}: cannot read the target file ({exc.strerror})") from None
    except UnicodeDecodeError:
        raise TargetError(f"{path}: not UTF-8 text") from None
    except tomllib.TOMLDecodeError as exc:
        raise TargetError(f"{path}: TOML syntax error: {exc}") from None
    except RecursionError:
        raise TargetError(f"{path}: TOML nested too deeply to read") from None
    first = Table(Context(path, environ, remote=False), "", data, TOP_KEYS)
    kind = cast(TargetKind, first.choice("kind", ("mock", "remote")))
    top = Table(Context(path, environ, remote=kind == "remote"), "", data, TOP_KEYS)
    top.text("description")
    if "launch" in data and kind != "remote":
        raise top.error("launch", "the bundled mock is started by the harness; remove [launch]")
    endpoints = _endpoints(top, kind)
    clients = _clients(top)
    user = _user(top)
    capabilities, declared = _capabilities(top, kind, endpoints, clients)
    api = _api(top)
    scoped, narrow = api.scoped_probe, clients["primary"].narrow_scope
    if scoped is not None and narrow is not None and scoped.scope in narrow.split():
        raise TargetError(
            f"{path}: [clients.primary] narrow_scope: {narrow!r} holds {scoped.scope!r}, the "
            "scope [api.scoped_probe] needs; name a part of the scope without it"
        )
    target = Target(
        name=top.text("name") or path.stem,
        kind=kind,
        source=path,
        endpoints=endpoints,
        clients=MappingProxyType(clients),
        user=user,
        api=api,
        browser=_browser(top, user),
        capabilities=capabilities,
        declared=declared,
        grants=_grants(top, user, refresh=capabilities.refresh),
    )
    return target if kind == "mock" else target.with_issuer(endpoints.issuer)


def resolve_target(name_or_path: str, search_dir: Path) -> Path:
    """``mock`` -> ``<search_dir>/mock.toml``; a path (with / or .toml) is taken as it is."""
    if "/" in name_or_path or "\\" in name_or_path or name_or_path.endswith(".toml"):
        path = Path(name_or_path)
        if not path.is_file():
            raise TargetError(f"{path}: no such target file")
        return path
    candidate = search_dir / f"{name_or_path}.toml"
    if candidate.is_file():
        return candidate
    known = sorted(p.stem for p in search_dir.glob("*.toml") if ".expected" not in p.name)
    close = difflib.get_close_matches(name_or_path, known, n=1, cutoff=0.6)
    hint = f"did you mean '{close[0]}'? " if close else ""
    listed = ", ".join(known) or "none"
    raise TargetError(
        f"unknown target '{name_or_path}' ({hint}targets in {search_dir}: {listed}; "
        "or give the path of a .toml file)"
    )


def _endpoints(top: Table, kind: str) -> Endpoints:
    hints = {"issuer": "the harness fills in the mock's issuer once it listens; remove this key"}
    table = top.required_table("endpoints", ENDPOINT_KEYS, hints if kind == "mock" else None)
    discover = table.flag("discover", False)
    issuer = ""
    if kind == "remote":
        issuer = table.url("issuer", relative=False, required=True) or ""
        problem = issuer_problem(issuer)
        if problem is not None:
            raise table.error("issuer", problem)
    return Endpoints(
        issuer=issuer,
        authorization=table.url("authorization", required=not discover) or "",
        token=table.url("token", required=not discover) or "",
        revocation=table.url("revocation"),
        metadata=table.url("metadata"),
        discover=discover,
    )


def _clients(top: Table) -> dict[str, ClientConfig]:
    table = top.required_table("clients", CLIENT_ROLES)
    clients: dict[str, ClientConfig] = {}
    for role in CLIENT_ROLES:
        entry = table.table(role, CLIENT_KEYS)
        if entry is not None:
            clients[role] = _client(entry, role)
    if "primary" not in clients:
        raise table.missing("primary")
    return clients


def _client(table: Table, role: str) -> ClientConfig:
    client_id = table.required_text("id")
    secret = table.text("secret", secret=True) or None
    default = "client_secret_basic" if secret else "none"
    method = cast(AuthMethod, table.choice("auth_method", AUTH_METHODS, default))
    if method == "none" and secret is not None:
        raise table.error("secret", "auth_method 'none' (a public client) takes no secret")
    if method != "none" and secret is None:
        raise table.error("auth_method", f"'{method}' needs a secret, and there is none")
    if role == "public" and method != "none":
        raise table.error("auth_method", "the public client must use 'none'")
    uri = table.url("redirect_uri", relative=False, required=True) or ""
    policy = table.choice("redirect_uri_port", PORT_POLICIES, "") or None
    port_policy = cast(PortPolicy | None, policy)
    try:
        redirect_uri(uri, port_policy)
    except RedirectUriError as exc:
        key = "redirect_uri_port" if policy else "redirect_uri"
        raise table.error(key, f"{table.shown('redirect_uri', uri)}: {exc}") from None
    scope = table.text("scope") or ""
    narrow = table.text("narrow_scope")
    if narrow is not None:
        wanted, granted = set(narrow.split()), set(scope.split())
        if not wanted or not wanted < granted:
            raise table.error(
                "narrow_scope",
                f"{table.shown('narrow_scope', narrow)} must name a strict part of scope "
                f"{table.shown('scope', scope)}",
            )
    return ClientConfig(
        id=client_id,
        secret=secret,
        auth_method=method,
        redirect_uri=uri,
        redirect_uri_port=port_policy,
        scope=scope,
        narrow_scope=narrow,
    )


def _user(top: Table) -> UserConfig | None:
    table = top.table("user", USER_KEYS)
    if table is None:
        return None
    return UserConfig(
        username=table.required_text("username"),
        password=table.required_text("password", secret=True),
        totp_secret=table.text("totp_secret", secret=True) or None,
    )


def _probe(table: Table) -> ApiProbe:
    headers = table.table("headers", None)
    pairs = [(name, headers.required_text(name)) for name in headers.data] if headers else []
    for name, value in pairs:  # RFC 9110 §5.1, §5.5: a token for a name, no control characters
        if headers is not None and not _HEADER_NAME.fullmatch(name):
            raise headers.error(name, "is not an HTTP header name (RFC 9110 §5.1)")
        if headers is not None and _HEADER_CTL.search(value):
            raise headers.error(name, "holds a control character (CR, LF, NUL …; RFC 9110 §5.5)")
    method = table.text("method") or "GET"
    if not method.isalpha() or not method.isupper():
        shown = table.shown("method", method)
        raise table.error("method", f"{shown} is not an HTTP method such as GET or POST")
    if any(name.lower() == "authorization" for name, _ in pairs):
        raise table.error("headers", "Authorization is the harness's to send; remove it")
    scope = None
    if "scope" in table.data:
        scope = table.required_text("scope")
    return ApiProbe(
        url=table.url("url", required=True) or "", method=method, headers=tuple(pairs), scope=scope
    )


def _optional_probe(table: Table | None) -> ApiProbe | None:
    return None if table is None else _probe(table)


def _scoped_probe(table: Table | None) -> ApiProbe | None:
    if table is None:
        return None
    probe = _probe(table)
    return probe if probe.scope is not None else replace(probe, scope="write")


def _body_probe(table: Table | None) -> ApiProbe | None:
    if table is None:
        return None
    probe = _probe(table)
    if probe.method not in ("POST", "PUT", "PATCH"):
        # RFC 6750 §2.2: a body token needs a method whose request body has defined semantics.
        raise table.error("method", f"{probe.method} has no request body; use POST, PUT or PATCH")
    return probe


def _api(top: Table) -> ApiConfig:
    table = top.required_table("api", API_KEYS)
    probe = _probe(table.required_table("probe", PROBE_KEYS))
    failure = table.table("failure", ("status", "json"))
    shape = None
    if failure is not None:
        body = failure.raw("json", dict)
        shape = FailureShape(
            status=failure.integer("status", 401, 400, 599),
            json=MappingProxyType(dict(body) if isinstance(body, dict) else {}),
        )
    return ApiConfig(
        probe=probe,
        scoped_probe=_scoped_probe(table.table("scoped_probe", SCOPED_PROBE_KEYS)),
        identity=_optional_probe(table.table("identity", PROBE_KEYS)),
        body_probe=_body_probe(table.table("body_probe", PROBE_KEYS)),
        failure=shape,
    )


def _browser(top: Table, user: UserConfig | None) -> BrowserScript:
    table = top.table("browser", BROWSER_KEYS)
    if table is None:
        return BrowserScript()
    pages: list[PageTask] = []
    for page in table.tables("pages", PAGE_KEYS):
        name = page.required_text("name")
        if any(existing.name == name for existing in pages):
            raise page.error("name", f"another page is already named '{name}'")
        pages.append(
            PageTask(
                name=name,
                selector=page.required_text("selector"),
                fill=tuple(_fill(page, user)),
                submit=page.required_text("submit"),
                deny=page.text("deny") or None,
                optional=page.flag("optional", False),
                csrf_field=page.text("csrf_field") or None,
            )
        )
    return BrowserScript(
        pages=tuple(pages),
        timeout_s=table.number("timeout_s", BrowserScript().timeout_s),
        error_selector=table.text("error_selector") or None,
    )


def _fill(page: Table, user: UserConfig | None) -> list[tuple[str, str]]:
    """``fill = [{ selector = "…", value = "{username}" }, …]`` as (selector, template) pairs."""
    pairs: list[tuple[str, str]] = []
    for entry in page.tables("fill", ("selector", "value")):
        selector, template = entry.required_text("selector"), entry.text("value") or ""
        try:
            parsed = list(string.Formatter().parse(template))
        except ValueError as exc:
            raise entry.error("value", f"bad template ({exc}); write '{{{{' for a brace") from None
        for _, field, spec, conversion in parsed:
            if field is None:
                continue
            if field not in TEMPLATE_FIELDS or spec or conversion:
                raise entry.unknown(f"{{{field}}}", [f"{{{n}}}" for n in TEMPLATE_FIELDS], "field")
            if user is None:
                raise entry.error("value", f"{{{field}}} needs a [user] table, and there is none")
        pairs.append((selector, template))
    return pairs


def _grants(top: Table, user: UserConfig | None, *, refresh: bool) -> GrantsConfig:
    """``[grants] offered = [...]`` (optional) and ``real_password`` (default false); ``refresh``
    is the target's refresh capability, which a declared list must agree with."""
    table = top.table("grants", GRANTS_KEYS)
    if table is None:
        return GrantsConfig()
    offered: frozenset[str] | None = None
    raw = table.raw("offered", list)
    if isinstance(raw, list):
        names: list[str] = []
        for value in raw:
            if not isinstance(value, str):
                raise table.error("offered", f"expected grant type names, got {value!r}")
            if value not in GRANT_TYPES:
                raise table.unknown(value, GRANT_TYPES, "grant type")
            if value in names:
                raise table.error("offered", f"'{value}' is listed twice")
            names.append(value)
        if "authorization_code" not in names:
            raise table.error(
                "offered",
                "must include 'authorization_code' (the harness drives its flows with it)",
            )
        if refresh and "refresh_token" not in names:
            raise table.error(
                "offered",
                "leaves out 'refresh_token', but [capabilities] refresh is true (its default): "
                "add it, or set refresh = false",
            )
        offered = frozenset(names)
    real = table.flag("real_password", False)
    if real and user is None:
        raise table.error("real_password", "true needs a [user] table, and there is none")
    return GrantsConfig(offered=offered, real_password=real)


def _capabilities(
    top: Table, kind: str, endpoints: Endpoints, clients: Mapping[str, ClientConfig]
) -> tuple[Capabilities, frozenset[str]]:
    hints = {
        name: f"derived from [clients.{name.removesuffix('_client')}]; remove this key"
        for name in ("second_client", "public_client")
    }
    hints["loopback_any_port"] = (
        "derived from [clients.primary] redirect_uri (and redirect_uri_port); remove this key"
    )
    table = top.table("capabilities", DECLARABLE_CAPABILITIES, hints=hints)
    defaults = Capabilities()
    values = {name: getattr(defaults, name) for name in DECLARABLE_CAPABILITIES}
    if table is not None:
        values = {name: table.flag(name, default) for name, default in values.items()}
        if values["clock_control"] and kind != "mock":
            raise table.error("clock_control", "only the bundled mock's clock can be controlled")
        if values["revocation"] and endpoints.revocation is None and not endpoints.discover:
            raise table.error("revocation", "true needs [endpoints] revocation (or discover)")
    capabilities = Capabilities(
        **values,
        second_client="second" in clients,
        public_client="public" in clients,
        loopback_any_port=clients["primary"].redirect.form == "loopback-any-port",
    )
    return capabilities, frozenset(table.data if table else ())
