"""The defect table's parts: a Case per defect, and the core behaviours no defect may disturb.

A probe takes a fresh in-process mock and returns an observation (plain, secret-free values).
``core_facts`` runs a happy code flow (authorize, exchange, API, refresh, API) and a few error
paths and names each fact it saw; CORE holds the conformant values.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx

from harness.mock import SEED
from tests.mock._drive import (
    EVIL_CALLBACK,
    ISSUER,
    PUBLIC_CALLBACK,
    WORKSPACES,
    WRITE_PROBE,
    Mock,
    outcome,
    token_result,
)
from tests.mock.flow import query

Probe = Callable[[Mock], object]


@dataclass(frozen=True)
class Case:
    """How one defect shows: the probe's conformant and faulty results, the core facts it moves."""

    defect: str
    probe: Probe
    conformant: object
    faulty: object
    core: frozenset[str]


def collector(cases: list[Case]) -> Callable[..., Callable[[Probe], Probe]]:
    """``@case("name", conformant=..., faulty=..., core=(...))`` above a probe adds it to cases."""

    def case(
        defect: str, *, conformant: object, faulty: object, core: tuple[str, ...] = ()
    ) -> Callable[[Probe], Probe]:
        def add(probe: Probe) -> Probe:
            cases.append(Case(defect, probe, conformant, faulty, frozenset(core)))
            return probe

        return add

    return case


CORE_STATE = "core-state-0123456789"  # ≤ 32 characters: state-truncated leaves it alone
FRAMING = ("frame-ancestors 'none'", "DENY")
BASIC_CHALLENGE = 'Basic realm="taskade-mock"'
BEARER_BARE = 'Bearer realm="taskade-mock"'
BEARER_INVALID = 'Bearer realm="taskade-mock", error="invalid_token"'
UNAUTHORIZED = {
    "ok": False,
    "message": "Unauthorized",
    "code": "UNAUTHORIZED",
    "statusMessage": "Unauthorized",
}

# The conformant mock's core behaviour, fact by fact.
CORE: dict[str, object] = {
    "login_page": "login-page",
    "login_status": 303,
    "consent_page": "consent-page",
    "callback": (f"303 {PUBLIC_CALLBACK} [code,iss,state]", True, ISSUER),
    "framing": (FRAMING,),
    "referrer_policy": ("no-referrer",),
    "token": (200, "read write", True),
    "token_type": ("Bearer", "Bearer"),
    "expires_in": (3600, 3600),
    "token_content_type": ("application/json", "application/json"),
    "token_cache": (("no-store", "no-cache"),),
    "api": (200, 200),
    "refresh": (200, "read write", 200),
    "refresh_rotated": True,
    "bad_redirect": "400 error-page invalid_request",
    "bad_secret": (401, "invalid_client", BASIC_CHALLENGE),
    "unknown_code": (400, "invalid_grant"),
    "api_no_token": (401, True, BEARER_BARE),
    "api_bad_token": (401, True, BEARER_INVALID),
}


def _api_refusal(response: httpx.Response) -> tuple[int, bool, str | None]:
    return (
        response.status_code,
        response.json() == UNAUTHORIZED,
        response.headers.get("www-authenticate"),
    )


def core_facts(mock: Mock) -> dict[str, object]:
    """Run the core behaviours once; every value is free of codes, tokens and secrets."""
    facts: dict[str, object] = {}
    browser: list[httpx.Response] = []
    token_answers: list[httpx.Response] = []
    flow = mock.driver(redirect_uri=PUBLIC_CALLBACK)  # as registered: no port variance needed

    page = flow.http.get("/oauth2/authorize", params=flow.params(state=CORE_STATE))
    signed_in = flow.sign_in(page)
    consent = flow.http.get(signed_in.headers["location"])
    answer = flow.consent(consent)
    browser += [page, signed_in, consent, answer]
    got = query(answer.headers.get("location", ""))
    facts["login_page"] = outcome(page)
    facts["login_status"] = signed_in.status_code
    facts["consent_page"] = outcome(consent)
    facts["callback"] = (outcome(answer), got.get("state") == [CORE_STATE], got.get("iss", [""])[0])

    exchange = flow.exchange(got["code"][0])
    first = flow.tokens_from(exchange)
    ws = flow.api_status(first.access)
    write = flow.api_status(first.access, WRITE_PROBE)
    refresh = flow.refresh(first.refresh or "")
    second = flow.tokens_from(refresh)
    token_answers += [exchange, refresh]
    bodies = (first.body, second.body)
    facts["token"] = (exchange.status_code, first.body.get("scope"), first.refresh is not None)
    facts["token_type"] = tuple(b.get("token_type") for b in bodies)
    facts["expires_in"] = tuple(b.get("expires_in") for b in bodies)
    facts["token_content_type"] = tuple(r.headers.get("content-type") for r in token_answers)
    facts["api"] = (ws, write)
    facts["refresh"] = (
        refresh.status_code,
        second.body.get("scope"),
        flow.api_status(second.access),
    )
    facts["refresh_rotated"] = second.refresh is not None and second.refresh != first.refresh

    stranger = mock.driver()
    bad_redirect = stranger.http.get(
        "/oauth2/authorize", params=stranger.params(redirect_uri=EVIL_CALLBACK)
    )
    browser.append(bad_redirect)
    facts["bad_redirect"] = outcome(bad_redirect)
    wrong = {"client_id": SEED.primary.id, "client_secret": "not-the-secret"}
    bad_secret = flow.post_token({"grant_type": "refresh_token", "refresh_token": "x", **wrong})
    facts["bad_secret"] = (*token_result(bad_secret), bad_secret.headers.get("www-authenticate"))
    unknown_code = flow.exchange("not-a-code")
    facts["unknown_code"] = token_result(unknown_code)
    token_answers += [bad_secret, unknown_code]
    facts["api_no_token"] = _api_refusal(flow.http.get(WORKSPACES))
    unknown = {"Authorization": "Bearer not-a-token"}
    facts["api_bad_token"] = _api_refusal(flow.http.get(WORKSPACES, headers=unknown))

    facts["framing"] = _distinct(
        (r.headers.get("content-security-policy"), r.headers.get("x-frame-options"))
        for r in browser
    )
    facts["referrer_policy"] = _distinct(r.headers.get("referrer-policy") for r in browser)
    facts["token_cache"] = _distinct(
        (r.headers.get("cache-control"), r.headers.get("pragma")) for r in token_answers
    )
    return facts


def _distinct(values: Any) -> tuple[Any, ...]:
    """The distinct values in first-seen order (one value when every response agrees)."""
    return tuple(dict.fromkeys(values))


def moved_facts(mock: Mock) -> frozenset[str]:
    """The names of the core facts whose value differs from the conformant CORE."""
    facts = core_facts(mock)
    return frozenset(name for name, value in CORE.items() if facts.get(name) != value)
