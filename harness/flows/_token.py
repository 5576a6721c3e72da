"""Token-endpoint steps (RFC 6749 §4.1.3, §6; RFC 7009 §2.1): they send and return, never judge."""

from __future__ import annotations

import base64
from collections.abc import Sequence
from typing import Literal
from urllib.parse import quote

from harness.evidence import Exchange
from harness.flows._http import HttpSession
from harness.targets import ClientConfig

AuthMethod = Literal["client_secret_post", "client_secret_basic", "none"]


def client_auth(
    client: ClientConfig, method: AuthMethod | None = None
) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """Form fields and headers that authenticate ``client`` with ``method`` (its own by default)."""
    chosen = method or client.auth_method
    if chosen == "client_secret_basic" and client.secret is not None:
        # RFC 6749 §2.3.1: id and secret are form-urlencoded before Basic encoding.
        pair = f"{quote(client.id, safe='')}:{quote(client.secret, safe='')}"
        token = base64.b64encode(pair.encode()).decode("ascii")
        return [], [("Authorization", f"Basic {token}")]
    if chosen == "client_secret_post" and client.secret is not None:
        return [("client_id", client.id), ("client_secret", client.secret)], []
    return [("client_id", client.id)], []


def _post(
    http: HttpSession,
    endpoint: str,
    fields: list[tuple[str, str | None]],
    client: ClientConfig | None,
    auth: AuthMethod | None,
    extra: Sequence[tuple[str, str]],
) -> Exchange:
    form = [(k, v) for k, v in fields if v is not None]
    headers: list[tuple[str, str]] = []
    if client is not None:
        auth_fields, headers = client_auth(client, auth)
        form += auth_fields
    return http.send("POST", endpoint, form=form + list(extra), headers=headers)


def exchange_code(
    http: HttpSession,
    endpoint: str,
    client: ClientConfig | None,
    code: str | None,
    redirect_uri: str | None,
    code_verifier: str | None = None,
    *,
    auth: AuthMethod | None = None,
    extra: Sequence[tuple[str, str]] = (),
) -> Exchange:
    """``client=None`` sends no client authentication at all; None fields are omitted."""
    fields = [
        ("grant_type", "authorization_code"),
        ("code", code),
        ("redirect_uri", redirect_uri),
        ("code_verifier", code_verifier),
    ]
    return _post(http, endpoint, fields, client, auth, extra)


def refresh(
    http: HttpSession,
    endpoint: str,
    client: ClientConfig | None,
    refresh_token: str,
    *,
    scope: str | None = None,
    auth: AuthMethod | None = None,
    extra: Sequence[tuple[str, str]] = (),
) -> Exchange:
    fields = [("grant_type", "refresh_token"), ("refresh_token", refresh_token), ("scope", scope)]
    return _post(http, endpoint, fields, client, auth, extra)


def revoke(
    http: HttpSession,
    endpoint: str,
    client: ClientConfig | None,
    token: str,
    *,
    token_type_hint: str | None = None,
    auth: AuthMethod | None = None,
) -> Exchange:
    fields = [("token", token), ("token_type_hint", token_type_hint)]
    return _post(http, endpoint, fields, client, auth, ())


def token_request(
    http: HttpSession,
    endpoint: str,
    form: Sequence[tuple[str, str]],
    *,
    headers: Sequence[tuple[str, str]] = (),
    method: str = "POST",
) -> Exchange:
    """A raw token-endpoint request, for scenarios that send what no well-behaved client would."""
    return http.send(method, endpoint, form=list(form), headers=list(headers))
