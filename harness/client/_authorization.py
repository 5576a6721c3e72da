"""One browser authorization and what it means: did the server answer, and what did it say?

Steps never judge conformance; they decide only whether a scenario *can* judge. An
authorization the server never answered (nothing listens, no answer in time, a page the browser
script does not know) is a broken precondition, never a pass: a scenario that expects a refusal
must see the server refuse.
"""

from __future__ import annotations

from dataclasses import dataclass

from harness.browser import AuthorizationOutcome, RenderedPage
from harness.evidence import describe_url, error_params
from harness.flows import AuthorizationRequest, AuthorizationResponse, StepError

PRECONDITION = "the scenario's precondition could not be met"


@dataclass(frozen=True)
class Authorization:
    """One browser authorization: the request sent, where the browser went, what came back."""

    request: AuthorizationRequest
    outcome: AuthorizationOutcome

    @property
    def response(self) -> AuthorizationResponse | None:
        url = self.outcome.callback_url
        return AuthorizationResponse.from_url(url) if url is not None else None

    @property
    def answered(self) -> bool:
        """The server gave an answer a scenario can judge: a redirect (to the client, or to a
        watched URL), its error page, or a 4xx/5xx page the browser script does not know."""
        stopped = self.outcome.stopped
        if stopped in ("callback", "error-page", "watched-url"):
            return True
        status = self.outcome.final_status
        return stopped == "unrecognised-page" and status is not None and status >= 400

    @property
    def granted(self) -> bool:
        """A code reached the redirect URI (the authorization succeeded)."""
        response = self.response
        return response is not None and bool(response.code) and response.error is None

    def summary(self) -> str:
        """What the server did, in one line that quotes it (no secret: URLs lose their values)."""
        outcome = self.outcome
        response = self.response
        if response is not None:
            if response.code and response.error is None:
                return "the server redirected back with a code"
            if response.error is not None:
                return f"the server redirected back with {error_params(response.url)}"
            where = describe_url(response.url)
            return f"the server redirected back without a code or an error ({where})"
        if outcome.stopped == "watched-url":
            return "the browser was sent to a watched URL"
        if outcome.stopped == "error-page":
            return f"the server showed its error page ({outcome.what_the_server_showed()})"
        if outcome.stopped == "timeout":
            return f"no answer: {outcome.detail} (last at {describe_url(outcome.final_url)})"
        shown = outcome.what_the_server_showed()
        where = describe_url(outcome.final_url) if outcome.final_url else "no page"
        if outcome.final_status is None:
            return outcome.detail
        return f"{outcome.detail}; at {where}: {shown}"

    def require_response(self) -> AuthorizationResponse:
        """The redirect back to the client; a StepError quoting the server when there is none."""
        if self.response is None:
            raise StepError(
                f"the browser never reached the redirect URI: {self.summary()}; {PRECONDITION}"
            )
        return self.response

    def require_code(self) -> str:
        response = self.require_response()
        if response.code:
            return response.code
        raise StepError(f"the authorization response carries no code: {self.summary()}")

    def require_answer(self) -> str | None:
        """The callback URL, or None when the server answered otherwise (its error page, or a
        redirect to a watched URL); a StepError when it gave no answer a scenario can judge."""
        if not self.answered:
            raise StepError(
                f"the authorization ended without an answer from the server: {self.summary()}; "
                f"{PRECONDITION}"
            )
        return self.outcome.callback_url

    def require_error_page(self) -> list[RenderedPage]:
        """The pages rendered up to and including the server's error page; a StepError when the
        browser did not stop at one."""
        if self.outcome.stopped != "error-page" and not (
            self.answered and self.outcome.stopped == "unrecognised-page"
        ):
            raise StepError(f"the server showed no error page: {self.summary()}; {PRECONDITION}")
        return self.outcome.rendered_pages
