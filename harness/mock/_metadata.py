"""RFC 8414 authorization server metadata. Invented by the mock: Taskade's content is unknown."""

from __future__ import annotations

from typing import Any

import flask

from harness.mock._context import MockContext
from harness.mock._seed import AUTH_METHODS, SCOPE_MCP

METADATA_PATH = "/.well-known/oauth-authorization-server"  # RFC 8414 §3


def metadata(ctx: MockContext) -> dict[str, Any]:
    settings = ctx.settings
    scopes = sorted({s for c in settings.clients for s in c.scopes} | {SCOPE_MCP})
    doc: dict[str, Any] = {
        "issuer": ctx.issuer,  # RFC 8414 §3.3: identical to the issuer it was derived from
        "authorization_endpoint": ctx.url("/oauth2/authorize"),
        "token_endpoint": ctx.url("/oauth2/token"),
        "response_types_supported": ["code"],
        "response_modes_supported": ["query"],
        "grant_types_supported": ["authorization_code", "refresh_token"],
        "token_endpoint_auth_methods_supported": list(AUTH_METHODS),
        "scopes_supported": scopes,
        # RFC 9700 §2.1.1: PKCE support is detectable.
        "code_challenge_methods_supported": ["S256", "plain"]
        if settings.pkce_plain_allowed
        else ["S256"],
        "authorization_response_iss_parameter_supported": True,  # RFC 9207 §3
        "x_harness_mock": "Invented by the harness's mock; Taskade's real metadata is unknown.",
    }
    if settings.revocation_enabled:
        doc["revocation_endpoint"] = ctx.url("/oauth2/revoke")
        doc["revocation_endpoint_auth_methods_supported"] = list(AUTH_METHODS)
    return doc


def register(app: flask.Flask, ctx: MockContext) -> None:
    def view() -> flask.Response:
        return flask.jsonify(metadata(ctx))  # RFC 8414 §3.2: 200, application/json

    app.add_url_rule(METADATA_PATH, "metadata", view, methods=["GET"])
