"""The pre-flight: before any scenario, prove the target is up and configured, or stop the run.

A misconfigured or unreachable target must not turn into dozens of verdicts blamed on the
server (or into dozens of login attempts that lock an account). In a few seconds, in order:
every endpoint answers HTTP; one plain authorization reaches the redirect URI with a code (one
login attempt, no more); the code exchanges for tokens; the API accepts the token; and the other
confidential clients' credentials are accepted. The first step that fails ends the pre-flight
with one line naming the cause and the target-file keys to check.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import httpx

from harness.browser import BrowserSession
from harness.client._attempts import OAuthClient
from harness.client._authorization import Authorization
from harness.evidence import Evidence, Exchange, Redactor, describe_url
from harness.flows import HttpSession, NoAnswerError, StepError, Tokens, exchange_code
from harness.targets import Target, single_line

CONNECT_TIMEOUT_S = 3.0
ANSWER_TIMEOUT_S = 5.0
PREFLIGHT_FAILED = 6  # exit code: the target is down or misconfigured (one line on stderr)
PREFLIGHT_PREFIX = "pre-flight"
FORGED_CODE = "harness-preflight-not-a-code"


class PreflightError(Exception):
    """The target is not ready; ``str()`` is one line naming the cause (never a secret)."""

    def __init__(self, message: str) -> None:
        super().__init__(single_line(message))


@dataclass
class PreflightReport:
    """What the pre-flight checked, one line per step, with the time it took."""

    target: str
    steps: list[str] = field(default_factory=list)
    elapsed_s: float = 0.0


def browser_hosts(target: Target) -> tuple[str, ...]:
    """The non-loopback hosts a remote target's pages live on: the only names the browser may
    resolve besides loopback (so nothing else is ever contacted)."""
    if target.kind == "mock":
        return ()
    urls = [target.endpoints.issuer, target.endpoints.authorization]
    return tuple(sorted({httpx.URL(u).host for u in urls} - {""}))


def run_preflight(
    target: Target, browser: Callable[[], BrowserSession], *, timeout_s: float = ANSWER_TIMEOUT_S
) -> PreflightReport:
    """Check ``target`` end to end (already discovered, if it uses discovery); raises
    PreflightError (one line) at the first problem."""
    started = time.monotonic()
    report = PreflightReport(target.name)
    evidence = Evidence(Redactor(target.secrets()))
    http = HttpSession(evidence, timeout_s=timeout_s, connect_timeout_s=CONNECT_TIMEOUT_S)
    try:
        with http:
            _endpoints_answer(target, http, report)
            listeners = browser().listeners
            client = OAuthClient(target, http, browser, lambda: listeners, evidence)
            grant = _authorize(client, report)
            tokens = _exchange(client, grant, report)
            _api_accepts(client, tokens, report)
            _other_clients_authenticate(client, report)
    except PreflightError as exc:
        # A page may quote what was typed into it (the password): the line is redacted too.
        raise PreflightError(evidence.redactor.redact(str(exc))) from None
    report.elapsed_s = time.monotonic() - started
    return report


def _fail(target: Target, text: str) -> PreflightError:
    return PreflightError(f"{PREFLIGHT_PREFIX} for target {target.name} ({target.source}): {text}")


def _endpoints_answer(target: Target, http: HttpSession, report: PreflightReport) -> None:
    """Each endpoint answers HTTP at all (any status): the server is up and the URLs are its."""
    ends, probe = target.endpoints, target.api.probe
    checks = [
        ("authorization endpoint", "[endpoints] authorization", "GET", ends.authorization),
        ("token endpoint", "[endpoints] token", "POST", ends.token),
        ("API probe", "[api.probe] url", probe.method, probe.url),
    ]
    if ends.revocation:
        checks.append(("revocation endpoint", "[endpoints] revocation", "POST", ends.revocation))
    for what, key, method, url in checks:
        try:
            answer = http.send(method, url, form={} if method == "POST" else None)
        except NoAnswerError as exc:
            cause = str(exc).split(" got no answer ", 1)[-1].split("; the scenario", 1)[0]
            raise _fail(
                target,
                f"the {what} {describe_url(url)} did not answer {cause}: is the server running "
                f"at {ends.issuer}, and is {key} right?",
            ) from None
        report.steps.append(f"{what} answers (HTTP {answer.status})")


def _authorize(client: OAuthClient, report: PreflightReport) -> Authorization:
    target = client.target
    request = client.request()
    grant = client.authorize(request)
    if grant.granted:
        report.steps.append(
            f"a plain authorization reached {describe_url(request.redirect_uri or '')} with a code"
        )
        return grant
    outcome = grant.outcome
    if "came back after it was submitted" in outcome.detail:
        hint = (
            "the login page came back after [user] credentials were submitted: check [user] "
            "username and password (one attempt only, to spare the account)"
        )
    elif outcome.stopped == "unrecognised-page":
        hint = (
            f"{grant.summary()}: check [[browser.pages]] (selectors) and [browser] error_selector"
        )
    elif outcome.stopped == "timeout":
        hint = f"{grant.summary()}: is the server slow or [browser] timeout_s too short?"
    else:
        hint = (
            f"{grant.summary()}: check [clients.primary] id, redirect_uri "
            f"({client.client().redirect.describe()}) and scope"
        )
    raise _fail(target, f"a plain authorization for [clients.primary] failed: {hint}")


def _exchange(client: OAuthClient, grant: Authorization, report: PreflightReport) -> Tokens:
    answer = client.exchange(grant)
    try:
        tokens = Tokens.from_exchange(answer)
    except StepError:
        raise _fail(client.target, _token_refusal(answer, "primary", "the code exchange")) from None
    report.steps.append("the code exchanged for an access token")
    return tokens


def _api_accepts(client: OAuthClient, tokens: Tokens, report: PreflightReport) -> None:
    probe = client.target.api.probe
    answer = client.call_api(tokens.access_token)
    if answer.status is None or not 200 <= answer.status < 300:
        raise _fail(
            client.target,
            f"the API probe {probe.method} {describe_url(probe.url)} answered HTTP {answer.status} "
            "to a fresh access token: check [api.probe] url, method and headers, and the "
            "scope [clients.primary] requests",
        )
    report.steps.append(f"the API probe accepted the token (HTTP {answer.status})")


def _other_clients_authenticate(client: OAuthClient, report: PreflightReport) -> None:
    """A forged code with each other client's credentials: invalid_grant means the client was
    authenticated first (RFC 6749 §5.2); invalid_client means its credentials are wrong."""
    target = client.target
    for role, config in target.clients.items():
        if role == "primary":
            continue
        answer = exchange_code(
            client.http, target.endpoints.token, config, FORGED_CODE, config.redirect_uri
        )
        if _error_of(answer) == "invalid_client":
            raise _fail(target, _token_refusal(answer, role, "a token request"))
        report.steps.append(f"[clients.{role}] is known to the token endpoint")


def _error_of(answer: Exchange) -> str | None:
    try:
        body = json.loads(answer.response_body)
    except (ValueError, UnicodeDecodeError):
        return None
    error = body.get("error") if isinstance(body, dict) else None
    return str(error) if error is not None else None


def _token_refusal(answer: Exchange, role: str, what: str) -> str:
    error = _error_of(answer)
    said = f"HTTP {answer.status}" + (f", error={error}" if error else "")
    if error == "invalid_client" or answer.status == 401:
        return (
            f"the token endpoint refused [clients.{role}] ({said}): check its id, secret "
            "and auth_method"
        )
    return f"{what} for [clients.{role}] failed ({said})"
