"""A small OAuth client for the mock's own tests: drives the pages over HTTP like a browser."""

from __future__ import annotations

import base64
import hashlib
import re
import secrets
from dataclasses import dataclass, field
from html import unescape
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx

from harness.mock import SEED, ClientSettings

CALLBACK = "http://127.0.0.1:53127/callback"  # a loopback port variant of the registered URI


def pkce_pair() -> tuple[str, str]:
    verifier = secrets.token_urlsafe(48)
    digest = hashlib.sha256(verifier.encode()).digest()
    return verifier, base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def form_action(page: str, form_id: str) -> str:
    match = re.search(rf'<form id="{form_id}" method="post" action="([^"]*)"', page)
    assert match, f"no form#{form_id} on the page:\n{page[:500]}"
    return unescape(match.group(1))


def csrf_token(page: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]*)"', page)
    assert match, "no csrf_token on the page"
    return unescape(match.group(1))


def query(url: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(url).query, keep_blank_values=True)


@dataclass
class Flow:
    """One client's view of the mock; ``http`` keeps the browser session cookie."""

    http: httpx.Client
    client: ClientSettings = SEED.primary
    redirect_uri: str = CALLBACK
    verifier: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    def params(self, **overrides: Any) -> dict[str, Any]:
        verifier, challenge = pkce_pair()
        self.verifier = verifier
        params: dict[str, Any] = {
            "response_type": "code",
            "client_id": self.client.id,
            "redirect_uri": self.redirect_uri,
            "state": secrets.token_urlsafe(16),
            "scope": "read write",
            "code_challenge": challenge,
            "code_challenge_method": "S256",
        }
        params.update(overrides)
        return {k: v for k, v in params.items() if v is not None}

    def login(self, page: httpx.Response, password: str | None = None) -> httpx.Response:
        assert page.status_code == 200, page.text
        data = {
            "csrf_token": csrf_token(page.text),
            "email": SEED.user.email,
            "password": SEED.user.password if password is None else password,
        }
        return self.http.post(form_action(page.text, "login"), data=data)

    def consent(self, page: httpx.Response, decision: str = "allow") -> httpx.Response:
        assert page.status_code == 200, page.text
        data = {"csrf_token": csrf_token(page.text), "decision": decision}
        return self.http.post(form_action(page.text, "consent"), data=data)

    def consent_page(self, params: dict[str, Any]) -> httpx.Response:
        """GET /oauth2/authorize, signing in first if the login page comes back."""
        page = self.http.get("/oauth2/authorize", params=params)
        if 'id="login"' in page.text:
            done = self.login(page)
            assert done.status_code == 303, done.text
            page = self.http.get(done.headers["location"])
        return page

    def authorize(self, decision: str = "allow", **overrides: Any) -> dict[str, list[str]]:
        """Run the browser part; return the callback's query parameters."""
        answer = self.consent(self.consent_page(self.params(**overrides)), decision)
        assert answer.status_code == 303, answer.text
        location = answer.headers["location"]
        assert location.startswith(overrides.get("redirect_uri", self.redirect_uri)), location
        return query(location)

    def code(self, **overrides: Any) -> str:
        return self.authorize(**overrides)["code"][0]

    def auth(self, client: ClientSettings | None = None) -> dict[str, str]:
        client = client or self.client
        if client.secret is None:
            return {"client_id": client.id}
        return {"client_id": client.id, "client_secret": client.secret}

    def exchange(
        self, code: str, client: ClientSettings | None = None, **extra: Any
    ) -> httpx.Response:
        data: dict[str, Any] = {
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": self.redirect_uri,
            "code_verifier": self.verifier,
            **self.auth(client),
        }
        data.update(extra)
        return self.http.post(
            "/oauth2/token", data={k: v for k, v in data.items() if v is not None}
        )

    def tokens(self, **overrides: Any) -> dict[str, Any]:
        answer = self.exchange(self.code(**overrides))
        assert answer.status_code == 200, answer.text
        body: dict[str, Any] = answer.json()
        return body

    def refresh(
        self, refresh_token: str, client: ClientSettings | None = None, **extra: Any
    ) -> httpx.Response:
        data = {"grant_type": "refresh_token", "refresh_token": refresh_token, **self.auth(client)}
        data.update(extra)
        return self.http.post("/oauth2/token", data=data)

    def api(self, access_token: str, path: str = "/api/v1/workspaces") -> httpx.Response:
        return self.http.get(path, headers={"Authorization": f"Bearer {access_token}"})
