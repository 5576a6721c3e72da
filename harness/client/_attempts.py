"""Authorizations that expect a refusal, and the controls that make a refusal mean something.

A scenario that expects the server to refuse (a foreign redirect URI, a duplicated parameter, a
forged consent) may pass only when the same request without the mutation succeeds against the
same target in the same run, and only when the server answered at all: otherwise a server that
refuses everything, or says nothing, would pass every such scenario.
"""

from __future__ import annotations

from collections.abc import Sequence

from harness.browser import CapturedSubmit, FieldTamper
from harness.client._authorization import PRECONDITION, Authorization
from harness.client._client import ClientSteps, Decision
from harness.client._controls import ControlResult
from harness.evidence import Exchange
from harness.flows import AuthorizationRequest, HttpSession, StepError
from harness.targets import PageTask


class OAuthClient(ClientSteps):
    """The harness's OAuth client of a target: the plain steps, plus negative authorizations
    (``attempt``), their controls, and a consent submit held back and replayed."""

    def control(self, client: str = "primary") -> ControlResult:
        """The same authorization for ``client`` without any mutation (see ControlCache)."""
        configuration = self._configuration()
        cached = self.controls.get(client, configuration)
        if cached is not None:
            self.evidence.add_note(
                f"control: a plain authorization for client {client!r} "
                f"{'succeeded' if cached.succeeded else 'failed'} earlier in this worker"
            )
            return cached
        self.evidence.add_note(f"control: a plain authorization for client {client!r}")
        grant = self.authorize(self.request(client))
        result = ControlResult(client, None if grant.granted else grant.summary())
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
    ) -> Authorization:
        """A negative authorization: judged only after a control authorization for the same
        client succeeded, and only when the server answered (a redirect, its error page, or a
        4xx/5xx page). Either missing is a StepError, never a pass."""
        request = request or self.request()
        self.require_control(self.role_of(request.client_id))
        grant = self.authorize(
            request,
            decision=decision,
            watch=watch,
            tamper=tamper,
            callback=callback,
            unmatched=unmatched,
        )
        grant.require_answer()
        return grant

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
