"""Drive the mock in-process and report what happened as plain, secret-free values.

The defect table and the fuzz tests compare *observations*: status codes, error codes, header
values and the names (never the values) of redirect parameters. Codes, tokens, secrets and
verifiers stay inside these helpers, so a failing assertion cannot print one.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, quote

import httpx

from harness.mock import SEED, ClientSettings, MockState
from tests.mock.flow import CALLBACK, Flow, query

ISSUER = "http://127.0.0.1"
PUBLIC_CALLBACK = "http://127.0.0.1/callback"
WEB_CALLBACK = "https://client.example.com/callback"
EVIL_CALLBACK = "https://evil.example.com/callback"
TOKEN = "/oauth2/token"
FORM = "application/x-www-form-urlencoded"
WORKSPACES = "/api/v1/workspaces"
WRITE_PROBE = "/api/v1/write-probe"


class DriveError(AssertionError):
    """A step the helpers needed did not happen; the message names the step, never a secret."""


def basic_auth(client_id: str, secret: str) -> dict[str, str]:
    """RFC 6749 §2.3.1: form-urlencode id and secret, then Basic-encode."""
    raw = f"{quote(client_id, safe='')}:{quote(secret, safe='')}".encode()
    return {"Authorization": "Basic " + base64.b64encode(raw).decode()}


def outcome(response: httpx.Response) -> str:
    """A browser-side answer as one line: a page kind, or a redirect's target and parameter names.

    ``"303 http://127.0.0.1:53127/callback [code,iss,state]"``, ``"302 ... [error,...] error=x"``,
    ``"login-page"``, ``"consent-page"``, ``"400 error-page invalid_request"``.
    """
    if response.is_redirect:
        target, _, raw = response.headers.get("location", "").partition("?")
        params = parse_qs(raw, keep_blank_values=True)
        line = f"{response.status_code} {target} [{','.join(sorted(params))}]"
        if "error" in params:
            line += f" error={params['error'][0]}"
        return line
    text = response.text if response.headers.get("content-type", "").startswith("text/") else ""
    if response.status_code == 200 and '<form id="login"' in text:
        return "login-page"
    if response.status_code == 200 and '<form id="consent"' in text:
        return "consent-page"
    match = re.search(r'<p id="error">([^<]*)</p>', text)
    if match:
        return f"{response.status_code} error-page {match.group(1)}"
    return f"{response.status_code} other"


def token_result(response: httpx.Response) -> tuple[int, str | None]:
    """``(status, error)`` of a token-endpoint answer; error is None when there is none."""
    try:
        body = response.json()
    except ValueError:
        return response.status_code, "<not json>"
    error = body.get("error") if isinstance(body, dict) else None
    return response.status_code, error if isinstance(error, str) else None


def code_in(response: httpx.Response) -> str | None:
    """The code a redirect delivers, if any."""
    return query(response.headers.get("location", "")).get("code", [None])[0]


@dataclass
class Tokens:
    """A token response's values, kept out of reprs."""

    access: str
    refresh: str | None
    body: dict[str, Any]

    def __repr__(self) -> str:
        return f"Tokens(keys={sorted(self.body)})"


class Driver(Flow):
    """Flow with secret-safe steps: failures name the step and the observation, nothing else."""

    def __repr__(self) -> str:
        return f"Driver(client={self.client.id!r})"

    def sign_in(self, page: httpx.Response) -> httpx.Response:
        """POST the login form of ``page``; return the answer (303, or 307 under login-307)."""
        if outcome(page) != "login-page":
            raise DriveError(f"expected the login page, got {outcome(page)}")
        return self.login(page)

    def run(self, params: dict[str, Any], decision: str = "allow") -> httpx.Response:
        """GET /oauth2/authorize, sign in and decide if asked; the last answer (not followed)."""
        answer = self.http.get("/oauth2/authorize", params=params)
        if outcome(answer) == "login-page":
            signed_in = self.sign_in(answer)
            if signed_in.status_code not in (303, 307):
                raise DriveError(f"login answered {signed_in.status_code}")
            answer = self.http.get(signed_in.headers["location"])
        if outcome(answer) == "consent-page":
            answer = self.consent(answer, decision)
        return answer

    def callback(self, decision: str = "allow", **overrides: Any) -> dict[str, list[str]]:
        """The redirect's query parameters after a full authorization (any redirect target)."""
        answer = self.run(self.params(**overrides), decision)
        if not answer.is_redirect:
            raise DriveError(f"authorization ended with {outcome(answer)}")
        return query(answer.headers["location"])

    def new_code(self, **overrides: Any) -> str:
        got = self.callback(**overrides)
        if "code" not in got:
            raise DriveError(f"no code in the callback, parameters {sorted(got)}")
        return got["code"][0]

    def tokens_from(self, answer: httpx.Response) -> Tokens:
        status, error = token_result(answer)
        if status != 200 or error is not None:
            raise DriveError(f"token request answered {status} {error}")
        body: dict[str, Any] = answer.json()
        return Tokens(body["access_token"], body.get("refresh_token"), body)

    def new_tokens(self, **overrides: Any) -> Tokens:
        return self.tokens_from(self.exchange(self.new_code(**overrides)))

    def api_status(self, access_token: str, path: str = WORKSPACES, scheme: str = "Bearer") -> int:
        headers = {"Authorization": f"{scheme} {access_token}"}
        return self.http.get(path, headers=headers).status_code

    def post_token(self, data: dict[str, str], **kwargs: Any) -> httpx.Response:
        return self.http.post(TOKEN, data=data, **kwargs)

    def post_form(self, pairs: list[tuple[str, str]]) -> httpx.Response:
        """POST pairs to the token endpoint as written (repeated keys stay repeated)."""
        body = str(httpx.QueryParams(tuple(pairs)))
        return self.http.post(TOKEN, content=body, headers={"Content-Type": FORM})


@dataclass
class Mock:
    """One in-process mock: its state and a factory of browser sessions (own cookies each)."""

    state: MockState
    new_browser: Callable[[], httpx.Client]

    def driver(self, client: ClientSettings = SEED.primary, redirect_uri: str = CALLBACK) -> Driver:
        return Driver(self.new_browser(), client=client, redirect_uri=redirect_uri)

    def public(self) -> Driver:
        return self.driver(SEED.public, PUBLIC_CALLBACK)
