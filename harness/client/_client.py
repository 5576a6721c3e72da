"""The harness as an OAuth client of one target: build requests, authorize in the browser,
exchange, refresh, revoke and call the API, recording everything in the scenario's evidence.

Steps send and return; they never judge. They raise StepError only when the flow cannot go on,
and ``skip`` (pytest.skip under pytest) when the target lacks what a step needs.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Hashable, Sequence
from pathlib import Path
from typing import Any, Literal, NoReturn

from harness.browser import (
    AuthorizationOutcome,
    BrowserSession,
    FieldTamper,
    LoopbackListeners,
    SignIn,
    unapplied_tampers,
)
from harness.client._authorization import PRECONDITION, Authorization
from harness.client._controls import ControlCache
from harness.client._shared import SampleCollector, SharedSamples, SignIns
from harness.evidence import Evidence, Exchange
from harness.flows import (
    AuthMethod,
    AuthorizationRequest,
    HttpSession,
    Pkce,
    StepError,
    TokenPlacement,
    Tokens,
    call_api,
    call_api_raw,
    exchange_code,
    new_state,
    refresh,
    revoke,
)
from harness.targets import ApiProbe, ClientConfig, Target

_DEFAULT: Any = object()
Decision = Literal["allow", "deny"]


class Unavailable(Exception):
    """The target cannot run this step (no such client, no such endpoint): a skip reason."""


def _unavailable(reason: str) -> NoReturn:
    raise Unavailable(reason)


class ClientSteps:
    """The steps a well-behaved client takes. ``browser`` and ``listeners`` are factories, so
    steps that need neither start neither; ``configuration`` names the target's current
    configuration for the control cache (see OAuthClient)."""

    def __init__(
        self,
        target: Target,
        http: HttpSession,
        browser: Callable[[], BrowserSession],
        listeners: Callable[[], LoopbackListeners],
        evidence: Evidence,
        *,
        artifacts_dir: Path | None = None,
        controls: ControlCache | None = None,
        shared: SharedSamples | None = None,
        sign_ins: SignIns | None = None,
        configuration: Callable[[], Hashable] = lambda: (),
        skip: Callable[[str], NoReturn] = _unavailable,
    ) -> None:
        self.target = target
        self.http = http
        self._browser = browser
        self._listeners = listeners
        self.evidence = evidence
        self.artifacts_dir = artifacts_dir
        self.controls = controls if controls is not None else ControlCache()
        self.shared = shared if shared is not None else SharedSamples()
        # None: every authorization signs in (a scenario about signing in, or no saved states)
        self._sign_ins = sign_ins
        self._configuration = configuration
        self.skip = skip
        self.kept: list[Path] = []  # traces and screenshots, attached if the scenario fails

    def saved_sign_in(self) -> SignIn | None:
        """The worker's signed-in state for the target's current configuration, or None when
        this scenario signs in afresh (it is about signing in: ``@pytest.mark.signs_in``)."""
        if self._sign_ins is None:
            return None
        return self._sign_ins.for_configuration(self._configuration())

    def shared_sample(self, name: str, kind: str, collect: SampleCollector) -> tuple[str, ...]:
        """The sample ``name`` of this worker and target configuration, collected by ``collect``
        the first time (secret values of the ``kind`` a redactor names, e.g. ``code``: the
        evidence learns them either way, so no report of this scenario shows one). Only for
        samples no scenario changes, such as unredeemed codes judged for entropy and uniqueness."""
        configuration = self._configuration()
        values = self.shared.get(name, configuration)
        if values is None:
            values = self.shared.put(name, configuration, collect())
        else:
            self.evidence.add_note(
                f"{name}: the {len(values)} values collected earlier in this worker under the "
                "same target configuration"
            )
            for value in values:
                self.evidence.redactor.add_secret(value, kind)
        return values

    def __repr__(self) -> str:  # shown in failure tracebacks: stable, and no secret in it
        return f"<{type(self).__name__} of target {self.target.name}>"

    @property
    def browser(self) -> BrowserSession:
        """Started on first use, so scenarios that need no browser never launch one."""
        return self._browser()

    @property
    def listeners(self) -> LoopbackListeners:
        return self._listeners()

    def client(self, name: str = "primary") -> ClientConfig:
        try:
            return self.target.clients[name]
        except KeyError:
            self.skip(f"target {self.target.name} has no '{name}' client configured")

    def role_of(self, client_id: str | None) -> str:
        """The role of the configured client with ``client_id`` (``primary`` if none has it)."""
        roles = (role for role, c in self.target.clients.items() if c.id == client_id)
        return next(roles, "primary")

    def redirect_uri(self, client: ClientConfig) -> str:
        """The redirect URI this worker sends for ``client``: as registered, or on its listener's
        port for a loopback any-port registration (RFC 8252 §7.3)."""
        return self.listeners.redirect_uri_for(client.redirect)

    def request(
        self,
        client: str = "primary",
        *,
        state: str | None = _DEFAULT,
        pkce: Pkce | None = _DEFAULT,
        scope: str | None = _DEFAULT,
        redirect_uri: str | None = _DEFAULT,
        extra: Sequence[tuple[str, str]] = (),
    ) -> AuthorizationRequest:
        """A well-formed request for ``client``; pass a field to change it, None to omit it."""
        config = self.client(client)
        use_pkce = self.target.capabilities.pkce or config.auth_method == "none"
        return AuthorizationRequest(
            endpoint=self.target.endpoints.authorization,
            client_id=config.id,
            redirect_uri=self.redirect_uri(config) if redirect_uri is _DEFAULT else redirect_uri,
            state=new_state() if state is _DEFAULT else state,
            scope=(config.scope or None) if scope is _DEFAULT else scope,
            pkce=(Pkce.generate() if use_pkce else None) if pkce is _DEFAULT else pkce,
            extra=tuple(extra),
        )

    def authorize(
        self,
        request: AuthorizationRequest | None = None,
        *,
        decision: Decision = "allow",
        watch: Sequence[str] = (),
        tamper: Sequence[FieldTamper] = (),
        callback: str | None = None,
        capture: str | None = None,
        unmatched: str | None = None,
        sign_in: SignIn | None = None,
        signed_out: bool = False,
    ) -> Authorization:
        """Drive ``request`` in a browser context in a fresh state, starting signed in from
        ``sign_in``'s state if it holds one, else from the worker's (``saved_sign_in``) unless
        ``signed_out`` (a server may behave differently before anyone signs in). The
        callback is caught at the redirect URI the request's client sends (``callback``
        overrides it); a mutated ``redirect_uri`` belongs in ``watch``. ``capture`` holds back
        the submit of that page (see ``capture_submit``). A ``tamper`` that changed no field is
        a StepError, or a skip with the reason ``unmatched`` when its page was shown but no
        field matched."""
        request = request or self.request()
        if sign_in is None and not signed_out:
            sign_in = self.saved_sign_in()
        if request.pkce is not None:  # this authorization's verifier is a secret (RFC 7636 §4.1)
            self.evidence.redactor.add_secret(request.pkce.verifier, "code_verifier")
        catch_at = callback or self.redirect_uri(self.client(self.role_of(request.client_id)))
        outcome = self.browser.authorize(
            request.url(),
            redirect_uri=catch_at,
            script=self.target.browser,
            user=self.target.user,
            decision=decision,
            watch=tuple(watch),
            evidence=self.evidence,
            artifacts="on" if self.artifacts_dir is not None else "off",
            artifacts_dir=self.artifacts_dir,
            tamper=tuple(tamper),
            capture=capture,
            sign_in=sign_in,
        )
        self._keep(outcome)
        grant = Authorization(request, outcome)
        missed = unapplied_tampers(tamper, outcome.tampered)
        if missed:
            page = next((p for p in self.target.browser.pages if p.name == missed[0].page), None)
            shown = missed[0].page in outcome.pages_done
            if page is not None and page.optional and not shown:
                self.skip(f"page {page.name!r} is optional and the server did not show it")
            if shown and unmatched is not None:
                self.skip(unmatched)
            raise StepError(
                f"no field matching {missed[0].selector!r} was found on page {missed[0].page!r} "
                f"({grant.summary()}); {PRECONDITION}"
            )
        if decision == "deny" and not outcome.denied:
            self._no_deny(grant)
        return grant

    def _no_deny(self, grant: Authorization) -> None:
        if grant.outcome.stopped == "error-page":
            return  # refused before consent: nothing to deny (scenarios judge that page)
        pages = [p for p in self.target.browser.pages if p.deny]
        if not pages:
            self.skip(f"target {self.target.name}'s browser script names no deny button")
        if all(p.optional for p in pages) and grant.answered:
            self.skip(
                f"the server did not ask for consent (page {pages[0].name!r} is optional): "
                "there was nothing to deny"
            )
        raise StepError(f"consent was never denied: {grant.summary()}; {PRECONDITION}")

    def made_up(self, *values: str | None) -> None:
        """Values the harness made up to be refused (a wrong code_verifier, an unknown refresh
        token, a wrong client secret, a dummy credential): no secret, so evidence, failure text
        and curl lines print them as they are. A value the redactor knows as a secret, or one
        cut from a secret (a forgery of a real token), stays hidden (``declare_public``)."""
        for value in values:
            if value:
                self.evidence.redactor.declare_public(value)

    def _keep(self, outcome: AuthorizationOutcome) -> None:
        if outcome.trace_path is not None:
            self.kept.append(outcome.trace_path)
            if outcome.screenshot is not None:
                shot = outcome.trace_path.with_suffix(".png")
                shot.write_bytes(outcome.screenshot)
                self.kept.append(shot)

    def exchange(
        self,
        grant: Authorization,
        code: str | None = _DEFAULT,
        *,
        client: str = "primary",
        redirect_uri: str | None = _DEFAULT,
        code_verifier: str | None = _DEFAULT,
        auth: AuthMethod | None = None,
        authenticate: bool = True,
        extra: Sequence[tuple[str, str]] = (),
    ) -> Exchange:
        """Exchange ``grant``'s code as a well-behaved client would, unless told otherwise;
        ``extra`` appends raw (even repeated) body parameters."""
        request = grant.request
        if code is not _DEFAULT:
            self.made_up(code)
        if code_verifier is not _DEFAULT:
            self.made_up(code_verifier)
        return exchange_code(
            self.http,
            self.target.endpoints.token,
            self.client(client) if authenticate else None,
            grant.require_code() if code is _DEFAULT else code,
            request.redirect_uri if redirect_uri is _DEFAULT else redirect_uri,
            (request.pkce.verifier if request.pkce else None)
            if code_verifier is _DEFAULT
            else code_verifier,
            auth=auth,
            extra=tuple(extra),
        )

    def tokens(self, client: str = "primary", *, scope: str | None = _DEFAULT) -> Tokens:
        """The whole happy path up to tokens; any failure on the way is a StepError."""
        grant = self.authorize(self.request(client, scope=scope))
        return Tokens.from_exchange(self.exchange(grant, client=client))

    def refresh(
        self,
        refresh_token: str,
        *,
        client: str = "primary",
        scope: str | None = None,
        authenticate: bool = True,
    ) -> Exchange:
        self.made_up(refresh_token)
        config = self.client(client) if authenticate else None
        return refresh(self.http, self.target.endpoints.token, config, refresh_token, scope=scope)

    def revoke(
        self,
        token: str,
        *,
        client: str = "primary",
        hint: str | None = None,
        auth: AuthMethod | None = None,
        authenticate: bool = True,
    ) -> Exchange:
        """RFC 7009 §2.1 revocation as ``client`` (its own auth method unless ``auth``;
        ``authenticate=False`` sends no client identification at all)."""
        endpoint = self.target.endpoints.revocation
        if endpoint is None:
            self.skip(f"target {self.target.name} has no revocation endpoint")
        self.made_up(token)
        config = self.client(client) if authenticate else None
        return revoke(self.http, endpoint, config, token, token_type_hint=hint, auth=auth)

    def metadata(self) -> Exchange:
        """GET the target's RFC 8414 metadata document (a skip if it names none)."""
        url = self.target.endpoints.metadata
        if url is None:
            self.skip(f"target {self.target.name} has no RFC 8414 metadata URL")
        return self.http.send("GET", url, headers=[("Accept", "application/json")])

    def metadata_document(self) -> dict[str, Any]:
        """The metadata as a JSON object; a StepError when it cannot be read (RFC 8414 §3.2 is
        the metadata scenario's to judge, not a reason to pass or fail another one)."""
        exchange = self.metadata()
        try:
            document = json.loads(exchange.response_body) if exchange.status == 200 else None
        except (ValueError, UnicodeDecodeError, RecursionError):
            document = None
        if not isinstance(document, dict):
            raise StepError(
                f"the metadata document at {exchange.url} could not be read (HTTP "
                f"{exchange.status}, not a JSON object); {PRECONDITION}"
            )
        return document

    def api_probe(self, name: str) -> ApiProbe:
        """The target's ``[api.<name>]`` probe (``probe``, ``identity``, ``scoped_probe``)."""
        probe = getattr(self.target.api, name, None)
        if not isinstance(probe, ApiProbe):
            self.skip(f"target {self.target.name} has no [api.{name}] configured")
        return probe

    def call_api(
        self,
        token: str | None,
        *,
        probe: ApiProbe | None = None,
        url: str | None = None,
        scheme: str = "Bearer",
        placement: TokenPlacement = "header",
    ) -> Exchange:
        """Call ``probe`` (the target's ``[api.probe]`` by default) with its method and headers;
        ``url`` replaces the probe's URL (for a variant of it)."""
        probe = probe or self.target.api.probe
        self.made_up(token)
        return call_api(
            self.http,
            url or probe.url,
            token,
            method=probe.method,
            headers=probe.headers,
            scheme=scheme,
            placement=placement,
        )

    def call_api_raw(
        self,
        *,
        probe: ApiProbe | None = None,
        method: str | None = None,
        authorization: Sequence[str] = (),
        content: bytes | None = None,
        content_type: str | None = None,
    ) -> Exchange:
        """Call ``probe`` (``[api.probe]`` by default) with these Authorization field lines and
        this body, as given (see ``harness.flows.call_api_raw``); ``method`` replaces the
        probe's."""
        probe = probe or self.target.api.probe
        for line in authorization:  # "Bearer invalid", "Basic dXNlcjpwYXNz" (user:pass)
            self.made_up(*line.split()[1:])
        return call_api_raw(
            self.http,
            probe.url,
            method=method or probe.method,
            headers=probe.headers,
            authorization=authorization,
            content=content,
            content_type=content_type,
        )
