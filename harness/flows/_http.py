"""The one HTTP client of a scenario: records every exchange as evidence, never retries."""

from __future__ import annotations

import functools
import ssl
from collections.abc import Mapping, Sequence
from urllib.parse import urlencode

import httpx

from harness.evidence import (
    Evidence,
    Exchange,
    describe_url,
    exchange_from_error,
    exchange_from_httpx,
)
from harness.flows._errors import StepError

FormData = Mapping[str, str] | Sequence[tuple[str, str]]
DEFAULT_TIMEOUT_S = 10.0


class NoAnswerError(StepError):
    """The server sent no HTTP answer (refused, reset, timed out): a precondition, not a verdict."""


def one_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0][:200] if text else "no detail"


@functools.cache
def _verifying_tls() -> ssl.SSLContext:
    """httpx's default verifying TLS context, built once per process: building one reads the
    whole CA bundle (about 60 ms of CPU), and every scenario opens its own session."""
    return httpx.create_ssl_context()


class HttpSession:
    """Sends requests as given (no redirects followed, no retries that could hide a failure).

    One session may send from several threads at once (``send_together``): httpx's client
    pools its connections under a lock, and the evidence and its redactor record under theirs.
    """

    def __init__(
        self,
        evidence: Evidence,
        *,
        timeout_s: float = DEFAULT_TIMEOUT_S,
        connect_timeout_s: float | None = None,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        """``timeout_s`` bounds each phase of a request (seconds); ``connect_timeout_s`` the
        TCP connect alone (default: ``timeout_s``)."""
        self.evidence = evidence
        self._client = httpx.Client(
            timeout=httpx.Timeout(timeout_s, connect=connect_timeout_s or timeout_s),
            follow_redirects=False,
            transport=transport,
            verify=_verifying_tls(),
            headers={"Accept": "application/json", "User-Agent": "oauth-conformance-harness"},
        )

    def send(
        self,
        method: str,
        url: str,
        *,
        form: FormData | None = None,
        content: bytes | None = None,
        headers: Mapping[str, str] | Sequence[tuple[str, str]] | None = None,
    ) -> Exchange:
        request_headers = httpx.Headers(headers or {})
        if form is not None:
            pairs = list(form.items()) if isinstance(form, Mapping) else list(form)
            content = urlencode(pairs).encode()
            request_headers.setdefault("Content-Type", "application/x-www-form-urlencoded")
        request = self._client.build_request(method, url, content=content, headers=request_headers)
        try:
            response = self._client.send(request)
            response.read()
        except httpx.HTTPError as exc:
            exchange = exchange_from_error(request, exc)
            self.evidence.add_exchange(exchange)
            # No answer is never a verdict: the scenario cannot judge a server that said nothing.
            raise NoAnswerError(
                f"{method} {describe_url(url)} got no answer ({type(exc).__name__}: "
                f"{one_line(exc)}); the scenario's precondition could not be met"
            ) from None
        exchange = exchange_from_httpx(response)
        self.evidence.add_exchange(exchange)
        return exchange

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> HttpSession:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()
