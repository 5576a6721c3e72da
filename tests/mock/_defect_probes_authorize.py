"""Probes for the authorization endpoint's defects: redirect URIs, state, iss, PKCE, pages."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from urllib.parse import parse_qs, urlsplit

import httpx

from harness.mock import SEED, ClientSettings, MockSettings, create_app
from tests.mock._defect_support import FRAMING, Case, collector
from tests.mock._drive import (
    EVIL_CALLBACK,
    ISSUER,
    PUBLIC_CALLBACK,
    TOKEN,
    WEB_CALLBACK,
    WRITE_PROBE,
    Driver,
    Mock,
    code_in,
    outcome,
    token_result,
)
from tests.mock.flow import CALLBACK, csrf_token, form_action, query

CASES: list[Case] = []
case = collector(CASES)

ERROR_PAGE = "400 error-page invalid_request"
CODE_TO = "303 {} [code,iss,state]"
ERROR_TO = "302 {} [error,error_description,iss,state] error={}"
METADATA = "/.well-known/oauth-authorization-server"


# -- redirect_uri and client ------------------------------------------------------------------
@case(
    "redirect-uri-any",
    conformant=ERROR_PAGE,
    faulty=CODE_TO.format(EVIL_CALLBACK),
    core=("bad_redirect",),  # by design: the core's error path is a foreign redirect_uri
)
def foreign_redirect_uri(mock: Mock) -> object:
    flow = mock.driver(redirect_uri=EVIL_CALLBACK)
    return outcome(flow.run(flow.params()))


@case(
    "loopback-port-fixed",
    conformant=(CODE_TO.format(CALLBACK), "400 error-page invalid_request"),
    faulty=("400 error-page invalid_request", "400 error-page invalid_request"),
    core=(),
)
def loopback_port_variance(mock: Mock) -> object:
    varied = mock.driver(redirect_uri=CALLBACK)  # registered portless, sent on port 53127
    other_path = mock.driver(redirect_uri=CALLBACK + "X")  # only the port may vary
    return outcome(varied.run(varied.params())), outcome(other_path.run(other_path.params()))


PREFIXED = WEB_CALLBACK + "X"


@case(
    "redirect-uri-prefix",
    conformant=(ERROR_PAGE, ERROR_PAGE),
    faulty=(CODE_TO.format(PREFIXED), ERROR_PAGE),
)
def prefixed_redirect_uri(mock: Mock) -> object:
    prefixed = mock.driver(redirect_uri=PREFIXED)
    foreign = mock.driver(redirect_uri=EVIL_CALLBACK)  # a prefix match only, not any URI
    return outcome(prefixed.run(prefixed.params())), outcome(foreign.run(foreign.params()))


def _outcomes(mock: Mock, *uris: str) -> tuple[str, ...]:
    """What the authorization endpoint does with each redirect_uri (signed in, allowed)."""
    results = []
    for uri in uris:
        flow = mock.driver(redirect_uri=uri)
        results.append(outcome(flow.run(flow.params())))
    return tuple(results)


USERINFO = "http://127.0.0.1:1@attacker.example/callback"  # the field case (issue 7, case 1)
HOST_SUFFIX = "http://127.0.0.1.attacker.example:53127/callback"


@case(
    "loopback-authority-confusion",
    conformant=(ERROR_PAGE, ERROR_PAGE, CODE_TO.format(CALLBACK)),
    faulty=(CODE_TO.format(USERINFO), CODE_TO.format(HOST_SUFFIX), CODE_TO.format(CALLBACK)),
)
def loopback_authority(mock: Mock) -> object:
    return _outcomes(mock, USERINFO, HOST_SUFFIX, CALLBACK)


DECIMAL = "http://2130706433:53127/callback"


@case(
    "loopback-ip-forms",
    conformant=(ERROR_PAGE, ERROR_PAGE),
    faulty=(CODE_TO.format(DECIMAL), ERROR_PAGE),
)
def loopback_ip_forms(mock: Mock) -> object:
    return _outcomes(mock, DECIMAL, "http://2130706433:53127/callbackX")


TRAVERSAL = "http://127.0.0.1:53127/FAKEPATH/../callback"


@case(
    "redirect-uri-normalized",
    conformant=(ERROR_PAGE, ERROR_PAGE),
    faulty=(CODE_TO.format(TRAVERSAL), ERROR_PAGE),
)
def normalized_redirect_uri(mock: Mock) -> object:
    return _outcomes(mock, TRAVERSAL, "http://127.0.0.1:53127/FAKEPATH/callback")


UPPER = "http://127.0.0.1:53127/CALLBACK"


@case(
    "redirect-uri-case-insensitive",
    conformant=(ERROR_PAGE, ERROR_PAGE),
    faulty=(CODE_TO.format(UPPER), ERROR_PAGE),
)
def case_insensitive_redirect_uri(mock: Mock) -> object:
    return _outcomes(mock, UPPER, "http://127.0.0.1:53127/CALLBACKX")


UPGRADED = "https://127.0.0.1:53127/callback"


@case(
    "redirect-uri-scheme-ignored",
    conformant=(ERROR_PAGE, ERROR_PAGE),
    faulty=(CODE_TO.format(UPGRADED), ERROR_PAGE),
)
def scheme_ignored(mock: Mock) -> object:
    return _outcomes(mock, UPGRADED, "https://127.0.0.1:53127/callbackX")


@case(
    "redirect-uri-fragment-accepted",
    conformant=(ERROR_PAGE, ERROR_PAGE),
    faulty=(CODE_TO.format(CALLBACK), ERROR_PAGE),
)
def fragment_accepted(mock: Mock) -> object:
    return _outcomes(mock, CALLBACK + "#x", CALLBACK + "X#x")


ENCODED_HASH = CALLBACK + "%23!/signin"  # the field case (issue 7, case 3)


@case(
    "malformed-redirect-uri-500",
    conformant=(ERROR_PAGE, ERROR_PAGE, ERROR_PAGE, CODE_TO.format(CALLBACK)),
    faulty=("500 other", "500 other", "500 other", CODE_TO.format(CALLBACK)),
)
def malformed_redirect_uri(mock: Mock) -> object:
    return _outcomes(mock, ENCODED_HASH, "http://[::1", "http://127.0.0.1:99999/callback", CALLBACK)


@case(
    "error-before-redirect-check",
    conformant=(ERROR_PAGE, ERROR_PAGE, ERROR_TO.format(CALLBACK, "unsupported_response_type")),
    faulty=(
        "302 https://evil.example.com/callback [error,state] error=unsupported_response_type",
        "302 https://evil.example.com/callback [error,state] error=invalid_scope",
        "302 http://127.0.0.1:53127/callback [error,state] error=unsupported_response_type",
    ),
    core=("bad_redirect",),  # by design: a known client's foreign redirect_uri gets its pages
)
def error_before_redirect_check(mock: Mock) -> object:
    flow = mock.driver(redirect_uri=EVIL_CALLBACK)  # the field case (issue 7, case 2)
    foo = flow.http.get("/oauth2/authorize", params=flow.params(response_type="foo"))
    scope = flow.http.get("/oauth2/authorize", params=flow.params(scope="read admin"))
    good = mock.driver()  # a registered redirect URI gets the error redirect either way
    registered = good.http.get("/oauth2/authorize", params=good.params(response_type="foo"))
    return outcome(foo), outcome(scope), outcome(registered)


@case(
    "implicit-grant-enabled",
    conformant=ERROR_TO.format(CALLBACK, "unsupported_response_type"),
    faulty=f"303 {CALLBACK}#[access_token,expires_in,scope,state,token_type]",
)
def implicit_grant(mock: Mock) -> object:
    flow = mock.driver()
    answer = flow.run(flow.params(response_type="token"))
    location = answer.headers.get("location", "")
    if "#" not in location:
        return outcome(answer)
    target, _, fragment = location.partition("#")
    return f"{answer.status_code} {target}#[{','.join(sorted(parse_qs(fragment)))}]"


@case(
    "post-authorize-unchecked",
    conformant=(ERROR_PAGE, ERROR_PAGE),
    faulty=(
        "303 https://evil.example.com/callback [error,state] error=invalid_request",
        ERROR_PAGE,
    ),
)
def post_authorize(mock: Mock) -> object:
    flow = mock.driver(redirect_uri=EVIL_CALLBACK)
    posted = flow.http.post("/oauth2/authorize", data=flow.params())
    fetched = flow.http.get("/oauth2/authorize", params=flow.params())  # GET always checked
    return outcome(posted), outcome(fetched)


@case(
    "unknown-client-redirects",
    conformant=(ERROR_PAGE, ERROR_PAGE),
    faulty=(ERROR_TO.format(EVIL_CALLBACK, "invalid_request"), ERROR_PAGE),
)
def unknown_client(mock: Mock) -> object:
    flow = mock.driver(redirect_uri=EVIL_CALLBACK)
    unknown = flow.http.get("/oauth2/authorize", params=flow.params(client_id="nobody.client.test"))
    # A known client with a foreign redirect_uri still gets the error page.
    known = flow.http.get("/oauth2/authorize", params=flow.params())
    return outcome(unknown), outcome(known)


# -- authorization responses --------------------------------------------------------------------
@case(
    "state-dropped",
    conformant=(["st-1"], ["st-1"]),
    faulty=(None, ["st-1"]),
    core=("callback",),  # by design: the happy flow sends state and checks the echo
)
def state_on_success(mock: Mock) -> object:
    flow = mock.driver()
    success = flow.callback(state="st-1").get("state")
    denied = flow.callback(decision="deny", state="st-1").get("state")  # errors keep it
    return success, denied


LONG_STATE = "L" * 40


@case("state-truncated", conformant=(True, True), faulty=(False, True))
def long_state(mock: Mock) -> object:
    flow = mock.driver()
    long = flow.callback(state=LONG_STATE).get("state") == [LONG_STATE]
    short = flow.callback(state="short").get("state") == ["short"]  # ≤ 32: intact either way
    return long, short


@case("error-redirect-drops-state", conformant=(True, True, True), faulty=(False, False, True))
def state_on_errors(mock: Mock) -> object:
    flow = mock.driver()
    bad_scope = query(flow.run(flow.params(state="s-2", scope="read admin")).headers["location"])
    denied = flow.callback(decision="deny", state="s-2")
    success = flow.callback(state="s-2")
    return (
        bad_scope.get("error") == ["invalid_scope"] and bad_scope.get("state") == ["s-2"],
        denied.get("error") == ["access_denied"] and denied.get("state") == ["s-2"],
        success.get("state") == ["s-2"],
    )


@case(
    "iss-missing",
    conformant=(True, True, True),
    faulty=(False, False, True),
    core=("callback",),  # by design: the happy flow checks iss on the callback
)
def iss_parameter(mock: Mock) -> object:
    flow = mock.driver()
    success = flow.callback().get("iss") == [ISSUER]
    denied = flow.callback(decision="deny").get("iss") == [ISSUER]
    advertised = flow.http.get(METADATA).json()["authorization_response_iss_parameter_supported"]
    return success, denied, advertised is True


# -- PKCE at the authorization endpoint ---------------------------------------------------------
PLAIN = "p" * 43


@case(
    "pkce-plain-accepted",
    conformant=(ERROR_TO.format(CALLBACK, "invalid_request"), None, ["S256"]),
    faulty=(CODE_TO.format(CALLBACK), (200, None), ["S256"]),
)
def plain_challenge(mock: Mock) -> object:
    flow = mock.driver()
    answer = flow.run(flow.params(code_challenge=PLAIN, code_challenge_method="plain"))
    code = code_in(answer)
    exchanged = token_result(flow.exchange(code, code_verifier=PLAIN)) if code else None
    methods = flow.http.get(METADATA).json()["code_challenge_methods_supported"]
    return outcome(answer), exchanged, methods


@case(
    "public-client-pkce-optional",
    conformant=(ERROR_TO.format(PUBLIC_CALLBACK, "invalid_request"), None, (400, "invalid_grant")),
    faulty=(CODE_TO.format(PUBLIC_CALLBACK), (200, None), (400, "invalid_grant")),
)
def public_client_without_pkce(mock: Mock) -> object:
    public = mock.public()
    no_pkce = {"code_challenge": None, "code_challenge_method": None, "scope": "read"}
    answer = public.run(public.params(**no_pkce))
    code = code_in(answer)
    exchanged = token_result(public.exchange(code, code_verifier=None)) if code else None
    # A code issued WITH a challenge still needs its verifier (pkce-not-enforced's rule).
    with_pkce = token_result(public.exchange(public.new_code(scope="read"), code_verifier=None))
    return outcome(answer), exchanged, with_pkce


# -- browser pages --------------------------------------------------------------------------------
def _framing(response: httpx.Response) -> tuple[str | None, str | None]:
    headers = response.headers
    return headers.get("content-security-policy"), headers.get("x-frame-options")


@case(
    "frameable-pages",
    conformant=(FRAMING, FRAMING, FRAMING, "no-referrer"),
    faulty=((None, None), (None, None), (None, None), "no-referrer"),
    core=("framing",),  # by design: the core checks the framing headers of every page
)
def framing_headers(mock: Mock) -> object:
    flow = mock.driver()
    login = flow.http.get("/oauth2/authorize", params=flow.params())
    consent = flow.http.get(flow.sign_in(login).headers["location"])
    error = flow.http.get("/oauth2/authorize", params=flow.params(client_id="nobody"))
    return _framing(login), _framing(consent), _framing(error), login.headers["referrer-policy"]


@case(
    "login-307",
    conformant=(303, 303, "consent-page"),
    faulty=(307, 307, "consent-page"),
    core=("login_status",),  # by design: the core signs in and records the status
)
def login_status(mock: Mock) -> object:
    flow = mock.driver()
    page = flow.http.get("/oauth2/authorize", params=flow.params())
    failed = flow.login(page, password="wrong")
    signed_in = flow.login(flow.http.get(failed.headers["location"]))
    after = flow.http.get(signed_in.headers["location"])
    return failed.status_code, signed_in.status_code, outcome(after)


@case(
    "consent-csrf-unchecked",
    conformant=(ERROR_PAGE, ERROR_PAGE, ERROR_PAGE),
    faulty=(ERROR_PAGE, CODE_TO.format(CALLBACK), CODE_TO.format(CALLBACK)),
)
def consent_csrf(mock: Mock) -> object:
    flow = mock.driver()
    login = flow.http.get("/oauth2/authorize", params=flow.params())
    forged = {"email": SEED.user.email, "password": SEED.user.password, "csrf_token": "forged"}
    login_forged = flow.http.post(form_action(login.text, "login"), data=forged)  # still checked
    flow.sign_in(login)
    consent = flow.http.get("/oauth2/authorize", params=flow.params())
    action = form_action(consent.text, "consent")
    tampered = flow.http.post(action, data={"csrf_token": "tampered", "decision": "allow"})
    missing = flow.http.post(action, data={"decision": "allow"})
    return outcome(login_forged), outcome(tampered), outcome(missing)


@case(
    "consent-replayable",
    conformant=(ERROR_PAGE, CODE_TO.format(CALLBACK)),
    faulty=(CODE_TO.format(CALLBACK), CODE_TO.format(CALLBACK)),
)
def consent_replay(mock: Mock) -> object:
    """The user's consent POST, sent again by a client without the user's session cookie."""
    flow = mock.driver()
    flow.sign_in(flow.http.get("/oauth2/authorize", params=flow.params()))
    consent = flow.http.get("/oauth2/authorize", params=flow.params())
    action = form_action(consent.text, "consent")
    form = {"csrf_token": csrf_token(consent.text), "decision": "allow"}
    stranger = mock.new_browser()  # no cookies: not the user's browser
    replayed = stranger.post(action, data=form)
    replay = (
        "303 login"
        if "/oauth2/authorize?" in replayed.headers.get("location", "")
        else (outcome(replayed))
    )
    return replay, outcome(flow.http.post(action, data=form))


@case(
    "no-referrer-policy",
    conformant=("no-referrer", "no-referrer", FRAMING),
    faulty=(None, None, FRAMING),
    core=("referrer_policy",),  # by design: the core checks Referrer-Policy on every page
)
def referrer_policy(mock: Mock) -> object:
    flow = mock.driver()
    login = flow.http.get("/oauth2/authorize", params=flow.params())
    callback = flow.run(flow.params())
    return (
        login.headers.get("referrer-policy"),
        callback.headers.get("referrer-policy"),
        _framing(login),
    )


@case(
    "duplicate-params-accepted",
    conformant=(ERROR_PAGE, (400, "invalid_request")),
    faulty=("login-page", (200, None)),
)
def repeated_parameters(mock: Mock) -> object:
    flow = mock.driver()
    params = [*flow.params().items(), ("state", "second")]
    authorize = outcome(flow.http.get("/oauth2/authorize", params=params))
    code = flow.new_code()
    form = [
        ("grant_type", "authorization_code"),
        ("code", code),
        ("code", code),
        ("redirect_uri", flow.redirect_uri),
        ("code_verifier", flow.verifier),
        *flow.auth().items(),
    ]
    return authorize, token_result(flow.post_form(form))


# -- authorization endpoint: CORS and generated links ---------------------------------------------
ATTACKER = "https://attacker.example"
NO_CORS = (None, None)


def _cors(response: httpx.Response) -> tuple[str | None, str | None]:
    headers = response.headers
    return headers.get("access-control-allow-origin"), headers.get(
        "access-control-allow-credentials"
    )


def _cors_answers(mock: Mock) -> object:
    flow = mock.driver()
    origin = {"Origin": ATTACKER}
    page = flow.http.get("/oauth2/authorize", params=flow.params(), headers=origin)
    preflight = flow.http.options(
        "/oauth2/authorize", headers={**origin, "Access-Control-Request-Method": "GET"}
    )
    token = flow.http.post(TOKEN, data={"grant_type": "x"}, headers=origin)  # not the endpoint
    return _cors(page), _cors(preflight), _cors(token), outcome(page)


@case(
    "authorize-cors-wildcard",
    conformant=(NO_CORS, NO_CORS, NO_CORS, "login-page"),
    faulty=(("*", None), ("*", None), NO_CORS, "login-page"),
)
def cors_wildcard(mock: Mock) -> object:
    return _cors_answers(mock)


@case(
    "authorize-cors-reflects-origin",
    conformant=(NO_CORS, NO_CORS, NO_CORS, "login-page"),
    faulty=((ATTACKER, "true"), (ATTACKER, "true"), NO_CORS, "login-page"),
)
def cors_reflected(mock: Mock) -> object:
    return _cors_answers(mock)


@case(
    "host-header-links",
    conformant=("/oauth2/login", "/oauth2/login", "/oauth2/authorize", "consent-page"),
    faulty=(
        "http://attacker.example/oauth2/login",
        "http://forwarded.example/oauth2/login",
        "http://attacker.example/oauth2/authorize",
        "consent-page",  # a browser sending the real Host still gets through
    ),
)
def generated_links(mock: Mock) -> object:
    flow = mock.driver()
    host = {"Host": "attacker.example"}
    by_host = flow.http.get("/oauth2/authorize", params=flow.params(), headers=host)
    forwarded = {"X-Forwarded-Host": "forwarded.example"}
    by_forwarded = flow.http.get("/oauth2/authorize", params=flow.params(), headers=forwarded)
    action = urlsplit(form_action(by_host.text, "login"))
    credentials = {"email": SEED.user.email, "password": SEED.user.password}
    signed_in = flow.http.post(
        f"{action.path}?{action.query}",
        data={"csrf_token": csrf_token(by_host.text), **credentials},
        headers=host,
    )
    browser = mock.driver()  # sends the real Host: the flow still works
    after_login = browser.sign_in(browser.http.get("/oauth2/authorize", params=browser.params()))
    return (
        _without_query(form_action(by_host.text, "login")),
        _without_query(form_action(by_forwarded.text, "login")),
        _without_query(signed_in.headers["location"]),
        outcome(browser.http.get(after_login.headers["location"])),
    )


def _without_query(url: str) -> str:
    return url.partition("?")[0]


# -- request parameters, state and error redirects (issue 7) ------------------------------------
@case(
    "unknown-params-rejected",
    conformant=(CODE_TO.format(CALLBACK), CODE_TO.format(CALLBACK)),
    faulty=(ERROR_TO.format(CALLBACK, "invalid_request"), CODE_TO.format(CALLBACK)),
)
def unknown_parameter(mock: Mock) -> object:
    flow = mock.driver()
    unknown = outcome(flow.run(flow.params(foo="bar")))
    plain = outcome(flow.run(flow.params()))  # the same request without it still works
    return unknown, plain


@case("state-none-literal", conformant=(None, ["st-1"]), faulty=(["None"], ["st-1"]))
def success_without_state(mock: Mock) -> object:
    flow = mock.driver()
    return flow.callback(state=None).get("state"), flow.callback(state="st-1").get("state")


@case("empty-state-echoed", conformant=(None, None, ["st-1"]), faulty=([""], None, ["st-1"]))
def success_with_empty_state(mock: Mock) -> object:
    flow = mock.driver()
    empty = flow.callback(state="").get("state")
    absent = flow.callback(state=None).get("state")  # nothing sent: nothing echoed either way
    return empty, absent, flow.callback(state="st-1").get("state")


STATE_2K = "K" * 2048


@case("long-state-500", conformant=(True, True), faulty=("500 other", True))
def long_state_crash(mock: Mock) -> object:
    flow = mock.driver()
    results: list[object] = []
    for state in (STATE_2K, STATE_2K[:1024]):  # 1024 characters still fit
        answer = flow.run(flow.params(state=state))
        echoed = query(answer.headers.get("location", "")).get("state") == [state]
        results.append(echoed if answer.is_redirect else outcome(answer))
    return tuple(results)


STATE_AB = "a&b=c#d"  # the field case (issue 7, case 4)


@case(
    "error-state-unencoded",
    conformant=([STATE_AB], [STATE_AB], [STATE_AB]),
    faulty=(["a"], ["a"], [STATE_AB]),
)
def error_state_encoding(mock: Mock) -> object:
    flow = mock.driver()
    denied = flow.callback(decision="deny", state=STATE_AB).get("state")
    bad_scope = flow.run(flow.params(state=STATE_AB, scope="read admin"))
    success = flow.callback(state=STATE_AB).get("state")  # success redirects encode it
    return denied, query(bad_scope.headers["location"]).get("state"), success


def _error_redirects(mock: Mock) -> tuple[str, str, str]:
    """The Location of a denied consent, an unknown scope and an unknown response_type."""
    flow = mock.driver()
    denied = flow.run(flow.params(), decision="deny").headers["location"]
    bad_scope = flow.run(flow.params(scope="read admin")).headers["location"]
    foo = flow.run(flow.params(response_type="foo")).headers["location"]
    return denied, bad_scope, foo


@case(
    "error-redirect-carries-code",
    conformant=(False, False, False, True),
    faulty=(True, True, True, True),
)
def error_redirect_code(mock: Mock) -> object:
    carries = tuple("code" in query(location) for location in _error_redirects(mock))
    return (*carries, "code" in mock.driver().callback())


def _carried_in(location: str) -> str | None:
    parts = urlsplit(location)
    for name, part in (("query", parts.query), ("fragment", parts.fragment)):
        if {"error", "code"} & parse_qs(part, keep_blank_values=True).keys():
            return name
    return None


@case(
    "error-in-fragment",
    conformant=("query", "query", "query", "query"),
    faulty=("fragment", "fragment", "fragment", "query"),
)
def error_redirect_component(mock: Mock) -> object:
    carried = tuple(_carried_in(location) for location in _error_redirects(mock))
    flow = mock.driver()
    success = _carried_in(flow.run(flow.params()).headers["location"])
    return (*carried, success)


@case(
    "request-error-iss-missing",
    conformant=(True, True, True, True),
    faulty=(True, False, False, True),
)
def iss_on_request_errors(mock: Mock) -> object:
    named = tuple(query(location).get("iss") == [ISSUER] for location in _error_redirects(mock))
    return (*named, mock.driver().callback().get("iss") == [ISSUER])


@case(
    "token-in-callback",
    conformant=(None, None),
    faulty=(["access_token", "token_type"], 200),
    core=("callback",),  # by design: the core reads the success redirect's parameters
)
def token_in_callback(mock: Mock) -> object:
    flow = mock.driver()
    location = flow.run(flow.params()).headers["location"]
    fragment = parse_qs(urlsplit(location).fragment)
    if not fragment:
        return None, None
    return sorted(fragment), flow.api_status(fragment["access_token"][0])


# -- scope and consent ------------------------------------------------------------------------
@contextmanager
def _narrow_public(mock: Mock) -> Iterator[Driver]:
    """The public client registered for read alone (the mock target registers it so), on an
    app over the same state: the primary and second clients keep read and write."""
    narrow = replace(SEED.public, scopes=("read",))
    settings = MockSettings(clients=(SEED.primary, SEED.second, narrow))
    app = create_app(settings, mock.state)
    transport = httpx.WSGITransport(app=app)
    with httpx.Client(transport=transport, base_url=settings.issuer) as http:
        yield Driver(http, client=narrow, redirect_uri=PUBLIC_CALLBACK)


@case(
    "client-scope-unlimited",
    conformant=(
        ERROR_TO.format(PUBLIC_CALLBACK, "invalid_scope"),
        ERROR_TO.format(PUBLIC_CALLBACK, "invalid_scope"),
        None,
        "read",
    ),
    faulty=(
        CODE_TO.format(PUBLIC_CALLBACK),
        CODE_TO.format(PUBLIC_CALLBACK),
        (["admin", "read", "write"], 200),
        "read",
    ),
)
def client_scope_limit(mock: Mock) -> object:
    with _narrow_public(mock) as public:
        wider = outcome(public.run(public.params(scope="read write")))
        answer = public.run(public.params(scope="read write admin"))  # the field case
        granted = None
        code = code_in(answer)
        if code is not None:
            tokens = public.tokens_from(public.exchange(code))
            write = public.api_status(tokens.access, WRITE_PROBE)
            granted = (sorted(str(tokens.body.get("scope")).split()), write)
        own = public.new_tokens(scope="read").body.get("scope")
        return wider, outcome(answer), granted, own


@case(
    "unknown-scope-ignored-silently",
    conformant=(ERROR_TO.format(CALLBACK, "invalid_scope"), None, "read write"),
    faulty=(CODE_TO.format(CALLBACK), "no scope", None),
    core=("token", "refresh"),  # by design: the core reads the token responses' scope
)
def unknown_scope(mock: Mock) -> object:
    flow = mock.driver()
    answer = flow.run(flow.params(scope="read admin"))
    code = code_in(answer)
    said = None
    if code is not None:
        said = flow.tokens_from(flow.exchange(code)).body.get("scope", "no scope")
    return outcome(answer), said, flow.new_tokens().body.get("scope")


@case(
    "missing-scope-500",
    conformant=(CODE_TO.format(CALLBACK), CODE_TO.format(CALLBACK)),
    faulty=("500 other", CODE_TO.format(CALLBACK)),
)
def missing_scope(mock: Mock) -> object:
    flow = mock.driver()
    without = outcome(flow.run(flow.params(scope=None)))
    return without, outcome(flow.run(flow.params(scope="read")))


def _consent_again(mock: Mock, client: ClientSettings, redirect_uri: str) -> str:
    """Approve ``client`` once and exchange the code (a live token), then authorize it again
    in a new browser: what comes after signing in there."""
    first = mock.driver(client, redirect_uri)
    first.new_tokens(scope="read")
    again = mock.driver(client, redirect_uri)
    page = again.http.get("/oauth2/authorize", params=again.params(scope="read"))
    signed_in = again.sign_in(page)
    return outcome(again.http.get(signed_in.headers["location"]))


@case(
    "public-client-auto-approved",
    conformant=("consent-page", "consent-page"),
    faulty=(f"302 {PUBLIC_CALLBACK} [code,iss,state]", "consent-page"),
)
def repeated_consent(mock: Mock) -> object:
    public = _consent_again(mock, SEED.public, PUBLIC_CALLBACK)
    confidential = _consent_again(mock, SEED.primary, CALLBACK)  # still asked
    return public, confidential


# -- authorization codes --------------------------------------------------------------------------
@case("short-codes", conformant=(False, (200, None)), faulty=(True, (200, None)))
def code_length(mock: Mock) -> object:
    flow = mock.driver()
    code = flow.new_code()
    return code.isdigit() and len(code) == 6, token_result(flow.exchange(code))


@case("codes-repeat", conformant=(False, (200, None)), faulty=(True, (200, None)))
def code_repeats(mock: Mock) -> object:
    flow = mock.driver()
    for _ in range(3):  # two codes within one minute of the mock's clock
        minute = int(mock.state.clock.now() // 60)
        first, second = flow.new_code(), flow.new_code()
        if int(mock.state.clock.now() // 60) == minute:
            break
    return first == second, token_result(flow.exchange(second))
