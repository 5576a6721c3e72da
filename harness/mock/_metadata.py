"""RFC 8414 authorization server metadata. Invented by the mock: Taskade's content is unknown."""

from __future__ import annotations

from typing import Any

import flask

from harness.mock._context import MockContext
from harness.mock._seed import AUTH_METHODS, GRANT_TYPES, SCOPE_MCP

METADATA_PATH = "/.well-known/oauth-authorization-server"  # RFC 8414 §3
# The public host name a TLS-terminating proxy would forward in Host (the proxy defects only).
PROXY_HOST = "as.mock.example"


def _issuer(ctx: MockContext) -> str:
    defects = ctx.state.defects
    if defects.on("issuer-trailing-slash"):
        return ctx.issuer + "/"
    if defects.on("issuer-http-public-host"):
        return f"http://{PROXY_HOST}"
    return ctx.issuer  # RFC 8414 §3.3: identical to the issuer it was derived from


def _endpoint(ctx: MockContext, path: str) -> str:
    # RFC 6749 §3.1, §3.2, RFC 7009 §2: every endpoint is reached over TLS (plain http only
    # on the loopback host of a plain-http mock), on the issuer's own origin.
    if ctx.state.defects.on("metadata-endpoints-http"):
        return f"http://{PROXY_HOST}{path}"
    return ctx.url(path)


def _pkce_methods(ctx: MockContext) -> list[str] | None:
    """``code_challenge_methods_supported``; None leaves the member out."""
    defects = ctx.state.defects
    if defects.on("pkce-methods-unadvertised"):
        return None
    if defects.on("pkce-methods-plain-only"):
        return ["plain"]
    # RFC 9700 §2.1.1: PKCE support is detectable; S256 is listed.
    return ["S256", "plain"] if ctx.settings.pkce_plain_allowed else ["S256"]


def metadata(ctx: MockContext) -> dict[str, Any]:
    settings, defects = ctx.settings, ctx.state.defects
    scopes = sorted({s for c in settings.clients for s in c.scopes} | {SCOPE_MCP})
    authorization = _endpoint(ctx, "/oauth2/authorize")
    if defects.on("authorization-endpoint-fragment"):
        authorization += "#/signin"
    # RFC 8414 §2: exactly the grants the mock serves (grant_types and the defects' enables).
    grant_types = [g for g in GRANT_TYPES if ctx.state.grant_enabled(g)]
    if defects.on("refresh-grant-unadvertised") and "refresh_token" in grant_types:
        grant_types.remove("refresh_token")
    if defects.on("client-credentials-unadvertised") and "client_credentials" in grant_types:
        grant_types.remove("client_credentials")
    # RFC 8414 §2 + RFC 6749 §4.2.1: response type token is the implicit grant.
    response_types = ["code", "token"] if "implicit" in grant_types else ["code"]
    # RFC 6749 §4.2.2: the implicit grant answers in the fragment.
    modes = ["query", "fragment"] if "token" in response_types else ["query"]
    doc: dict[str, Any] = {
        "issuer": _issuer(ctx),
        # RFC 6749 §3.1: the authorization endpoint URI MUST NOT include a fragment.
        "authorization_endpoint": authorization,
        "token_endpoint": _endpoint(ctx, "/oauth2/token"),
        "response_types_supported": response_types,
        "response_modes_supported": modes,
        "grant_types_supported": grant_types,
        "token_endpoint_auth_methods_supported": list(AUTH_METHODS),
        "scopes_supported": scopes,
        "authorization_response_iss_parameter_supported": True,  # RFC 9207 §3
        "x_harness_mock": "Invented by the harness's mock; Taskade's real metadata is unknown.",
    }
    if defects.on("auth-methods-unadvertised"):
        # Omitted means client_secret_basic alone (RFC 8414 §2), yet post works too.
        del doc["token_endpoint_auth_methods_supported"]
    methods = _pkce_methods(ctx)
    if methods is not None:
        doc["code_challenge_methods_supported"] = methods
    if settings.revocation_enabled:
        doc["revocation_endpoint"] = _endpoint(ctx, "/oauth2/revoke")
        doc["revocation_endpoint_auth_methods_supported"] = list(AUTH_METHODS)
    return doc


def register(app: flask.Flask, ctx: MockContext) -> None:
    def view() -> flask.Response:
        response = flask.jsonify(metadata(ctx))  # RFC 8414 §3.2: 200, application/json
        if ctx.state.defects.on("metadata-octet-stream"):
            response.headers["Content-Type"] = "application/octet-stream"
        return response

    app.add_url_rule(METADATA_PATH, "metadata", view, methods=["GET"])
