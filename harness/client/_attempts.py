"""Authorizations that expect a refusal, and the controls that make a refusal mean something.

A scenario that expects the server to refuse (a foreign redirect URI, a duplicated parameter, a
forged consent) may pass only when the same request without the mutation succeeds against the
same target in the same run, and only when the server answered at all: otherwise a server that
refuses everything, or says nothing, would pass every such scenario.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence

from harness.browser import (
    CapturedSubmit,
    FieldTamper,
    FramingResult,
    SignIn,
    recognition_selectors,
)
from harness.client._authorization import PRECONDITION, Authorization
from harness.client._client import Decision
from harness.client._controls import ControlResult
from harness.client._grants import GrantSteps
from harness.evidence import Exchange, describe_url
from harness.flows import AuthorizationRequest, HttpSession, StepError, Tokens
from harness.targets import PageTask


class OAuthClient(GrantSteps):
    """The harness's OAuth client of a target: the plain steps and the other grants' steps, plus
    negative authorizations (``attempt``), their controls, and a consent submit held back and
    replayed."""

    def control(self, client: str = "primary") -> ControlResult:
        """The same authorization for ``client`` without any mutation. A success is cached
        (see ControlCache); a failure is tried once more and never cached, so one transient
        hiccup cannot turn every later scenario of the worker into an error."""
        configuration = self._configuration()
        cached = self.controls.get(client, configuration)
        if cached is not None:
            self.evidence.add_note(
                f"control: a plain authorization for client {client!r} succeeded earlier "
                "in this worker"
            )
            return cached
        self.evidence.add_note(f"control: a plain authorization for client {client!r}")
        grant = self.authorize(self.request(client))
        if not grant.granted:
            self.evidence.add_note("control: it failed; trying once more")
            grant = self.authorize(self.request(client))
        failure = None if grant.granted else f"{grant.summary()} ({JUDGED_BY['authorization']})"
        result = ControlResult(client, failure)
        if result.succeeded:
            self.controls.put(configuration, result)
        return result

    def require_control(self, client: str = "primary") -> None:
        result = self.control(client)
        if not result.succeeded:
            raise StepError(
                f"the control authorization failed (the same request for client {client!r} "
                f"without the mutation): {result.failure}; a refusal of the mutated request "
                "proves nothing"
            )

    def attempt(
        self,
        request: AuthorizationRequest | None = None,
        *,
        decision: Decision = "allow",
        watch: Sequence[str] = (),
        tamper: Sequence[FieldTamper] = (),
        callback: str | None = None,
        unmatched: str | None = None,
        judge_first: Callable[[Authorization], None] | None = None,
        signed_in: bool = False,
    ) -> Authorization:
        """A negative authorization: judged only after a control authorization for the same
        client succeeded, and only when the server answered (a redirect, its error page, or a
        4xx/5xx page). Either missing is a StepError, never a pass.

        ``judge_first`` judges what the browser did before that answer is required: a server
        that sent the browser somewhere it must not (a host that never answers) fails rather
        than errs. An attempt starts signed out (a server may misbehave only before anyone
        signs in); ``signed_in`` starts it from the signed-in state instead, so a series of
        attempts signs in once (never for a scenario about signing in)."""
        request = request or self.request()
        self.require_control(self.role_of(request.client_id))
        grant = self.authorize(
            request,
            decision=decision,
            watch=watch,
            tamper=tamper,
            callback=callback,
            unmatched=unmatched,
            sign_in=self.sign_in if signed_in else None,
            signed_out=not signed_in,
        )
        if judge_first is not None:
            judge_first(grant)
        grant.require_answer()
        return grant

    @property
    def sign_in(self) -> SignIn:
        """The signed-in browser state a series of this scenario's authorizations shares: the
        worker's (``saved_sign_in``), or this scenario's own when it is about signing in
        (empty until an authorization fills it)."""
        saved = self.saved_sign_in()
        if saved is not None:
            return saved
        held: SignIn | None = getattr(self, "_sign_in", None)
        if held is None:
            held = self._sign_in = SignIn()
        return held

    def frame_authorization(self, request: AuthorizationRequest | None = None) -> FramingResult:
        """The authorization page framed by another origin (the attacker's page is served in
        the browser itself), behind a control: the same URL renders at the top level."""
        request = request or self.request()
        self.require_control(self.role_of(request.client_id))
        selectors = recognition_selectors(self.target.browser)
        result = self.browser.probe_framing(
            request.url(), selectors, timeout_s=self.target.browser.timeout_s
        )
        self.evidence.add_note(
            f"framing probe: the frame {'rendered' if result.rendered else 'was not rendered'}"
            f" ({describe_url(result.frame_url) if result.frame_url else 'no document'})"
        )
        if not result.loaded:
            raise StepError(
                f"the framed authorization page neither rendered nor was refused within "
                f"{self.target.browser.timeout_s:g} s; {PRECONDITION}"
            )
        return result

    def consent_page(self) -> PageTask:
        """The browser-script page that carries the consent decision (a skip if none)."""
        page = self.target.browser.consent_page
        if page is None:
            self.skip(f"target {self.target.name}'s browser script has no consent page")
        return page

    def capture_submit(
        self, page: str, request: AuthorizationRequest | None = None
    ) -> CapturedSubmit:
        """Authorize up to ``page`` and hold back the request its submit button sends: that
        request is returned, and never reaches the server from the browser."""
        grant = self.authorize(request, capture=page)
        captured = grant.outcome.captured
        if captured is not None:
            return captured
        task = next((p for p in self.target.browser.pages if p.name == page), None)
        if task is not None and task.optional and grant.answered:
            self.skip(f"page {page!r} is optional and the server did not show it")
        raise StepError(f"page {page!r} was never submitted: {grant.summary()}; {PRECONDITION}")

    def replay(self, captured: CapturedSubmit) -> Exchange:
        """Send a held-back submit again from a fresh HTTP client: no cookies, no session."""
        with HttpSession(self.evidence) as fresh:
            return fresh.send(
                captured.method,
                captured.url,
                content=captured.body,
                headers=[(k, v) for k, v in captured.headers if k.lower() == "content-type"],
            )

    def token_control(self, client: str = "primary") -> ControlResult:
        """The whole happy path for ``client`` once per worker and target configuration: a
        plain authorization, the code exchange, the API probe with the token and, where the
        target refreshes, a refresh. A scenario that expects the token endpoint or the API to
        refuse something may pass only when these succeed. Cached like ``control``: a success
        for the worker, a failure (tried twice) for this scenario only."""
        key = f"tokens:{client}"
        configuration = self._configuration()
        cached = self.controls.get(key, configuration)
        if cached is not None:
            self.evidence.add_note(f"control: the happy path for {client!r} succeeded earlier")
            return cached
        self.evidence.add_note(f"control: the whole happy path for client {client!r}")
        failure = self._happy_path_failure(client)
        if failure is not None:
            self.evidence.add_note("control: it failed; trying once more")
            failure = self._happy_path_failure(client)
        result = ControlResult(key, failure)
        if result.succeeded:
            self.controls.put(configuration, result)
        return result

    def require_token_control(self, client: str = "primary") -> None:
        result = self.token_control(client)
        if not result.succeeded:
            raise StepError(
                f"the control failed (the happy path for client {client!r}): {result.failure}; "
                "a refusal of the mutated request proves nothing"
            )

    def _happy_path_failure(self, client: str) -> str | None:
        grant = self.authorize(self.request(client))
        if not grant.granted:
            return f"{grant.summary()} ({JUDGED_BY['authorization']})"
        exchange = self.exchange(grant, client=client)
        if exchange.status != 200:
            return f"the code exchange answered {_said(exchange)} ({JUDGED_BY['exchange']})"
        try:
            tokens = Tokens.from_exchange(exchange)
        except StepError:
            return (
                f"the code exchange answered 200 without an access_token ({JUDGED_BY['exchange']})"
            )
        answer = self.call_api(tokens.access_token)
        if answer.status is None or not 200 <= answer.status < 300:
            return (
                f"the API probe refused the fresh access token ({_said(answer)}; "
                f"{JUDGED_BY['api']})"
            )
        if self.target.capabilities.refresh and tokens.refresh_token:
            refreshed = self.refresh(tokens.refresh_token, client=client)
            if refreshed.status != 200:
                return f"the refresh answered {_said(refreshed)} ({JUDGED_BY['refresh']})"
        return None


# The scenario that judges each step of a control: a control that fails there is that
# scenario's finding, and every scenario needing the control says so instead of adding its own.
JUDGED_BY = {
    "authorization": "the same fault fails scenarios/token/test_code_exchange.py, which "
    "judges a plain authorization and exchange",
    "exchange": "the fault is judged by scenarios/token/test_code_exchange.py",
    "api": "the fault is judged by scenarios/bearer/test_bearer_header.py",
    "refresh": "the fault is judged by scenarios/refresh/test_refresh.py",
}


def _said(exchange: Exchange) -> str:
    """``HTTP 400, error=invalid_grant`` (the error code is never a secret)."""
    error = None
    try:
        body = json.loads(exchange.response_body)
        error = body.get("error") if isinstance(body, dict) else None
    except (ValueError, UnicodeDecodeError):
        pass
    return f"HTTP {exchange.status}" + (f", error={str(error)[:80]}" if error else "")
