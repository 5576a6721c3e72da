"""Probes for the metadata document's defects (RFC 8414): what it advertises, and how."""

from __future__ import annotations

from typing import Any

import httpx

from tests.mock._defect_support import Case, collector
from tests.mock._drive import ISSUER, Mock

CASES: list[Case] = []
case = collector(CASES)

METADATA = "/.well-known/oauth-authorization-server"
PROXY = "http://as.mock.example"


def _document(mock: Mock) -> dict[str, Any]:
    answer: httpx.Response = mock.new_browser().get(METADATA)
    body: dict[str, Any] = answer.json()
    return body


def _endpoints(doc: dict[str, Any]) -> tuple[str, ...]:
    return tuple(
        doc[m] for m in ("authorization_endpoint", "token_endpoint", "revocation_endpoint")
    )


@case(
    "metadata-octet-stream",
    conformant=(200, "application/json", ISSUER),
    faulty=(200, "application/octet-stream", ISSUER),
)
def metadata_media_type(mock: Mock) -> object:
    answer = mock.new_browser().get(METADATA)
    return answer.status_code, answer.headers.get("content-type"), answer.json()["issuer"]


@case("issuer-trailing-slash", conformant=(ISSUER, ISSUER), faulty=(ISSUER + "/", ISSUER))
def issuer_identity(mock: Mock) -> object:
    flow = mock.driver()
    iss = flow.callback().get("iss", [""])[0]  # the authorization responses keep the issuer
    return _document(mock)["issuer"], iss


@case(
    "issuer-http-public-host",
    conformant=(ISSUER, ISSUER + "/oauth2/token"),
    faulty=(PROXY, ISSUER + "/oauth2/token"),
)
def issuer_scheme_and_host(mock: Mock) -> object:
    doc = _document(mock)
    return doc["issuer"], doc["token_endpoint"]


@case(
    "metadata-endpoints-http",
    conformant=(
        ISSUER,
        tuple(ISSUER + p for p in ("/oauth2/authorize", "/oauth2/token", "/oauth2/revoke")),
    ),
    faulty=(
        ISSUER,
        tuple(PROXY + p for p in ("/oauth2/authorize", "/oauth2/token", "/oauth2/revoke")),
    ),
)
def endpoint_urls(mock: Mock) -> object:
    doc = _document(mock)
    return doc["issuer"], _endpoints(doc)


def _pkce_metadata_and_plain(mock: Mock) -> object:
    flow = mock.driver()
    plain = "p" * 43
    refused = flow.callback(code_challenge=plain, code_challenge_method="plain")
    methods = _document(mock).get("code_challenge_methods_supported")
    return methods, refused.get("error"), "code" in flow.callback()  # S256 still works


@case(
    "pkce-methods-unadvertised",
    conformant=(["S256"], ["invalid_request"], True),
    faulty=(None, ["invalid_request"], True),
)
def pkce_methods_omitted(mock: Mock) -> object:
    return _pkce_metadata_and_plain(mock)


@case(
    "pkce-methods-plain-only",
    conformant=(["S256"], ["invalid_request"], True),
    faulty=(["plain"], ["invalid_request"], True),
)
def pkce_methods_plain(mock: Mock) -> object:
    return _pkce_metadata_and_plain(mock)


@case(
    "authorization-endpoint-fragment",
    conformant=(ISSUER + "/oauth2/authorize", "login-page"),
    faulty=(ISSUER + "/oauth2/authorize#/signin", "login-page"),
)
def authorization_endpoint_url(mock: Mock) -> object:
    flow = mock.driver()
    page = flow.http.get("/oauth2/authorize", params=flow.params())
    return _document(mock)["authorization_endpoint"], outcome_of(page)


def outcome_of(page: httpx.Response) -> str:
    return "login-page" if '<form id="login"' in page.text else f"{page.status_code} other"


@case(
    "refresh-grant-unadvertised",
    conformant=(["authorization_code", "refresh_token", "client_credentials"], 200),
    faulty=(["authorization_code", "client_credentials"], 200),
)
def grant_types(mock: Mock) -> object:
    flow = mock.driver()
    tokens = flow.new_tokens()
    refreshed = flow.refresh(tokens.refresh or "")
    return _document(mock)["grant_types_supported"], refreshed.status_code


@case(
    "auth-methods-unadvertised",
    conformant=(["client_secret_post", "client_secret_basic", "none"], 200),
    faulty=(None, 200),
)
def auth_methods(mock: Mock) -> object:
    flow = mock.driver()
    by_post = flow.exchange(flow.new_code())  # Flow authenticates with client_secret_post
    return _document(mock).get("token_endpoint_auth_methods_supported"), by_post.status_code
