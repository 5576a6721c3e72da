"""Probes for the authorization endpoint's defects: redirect URIs, state, iss, PKCE, pages."""

from __future__ import annotations

from urllib.parse import urlsplit

import httpx

from harness.mock import SEED
from tests.mock._defect_support import FRAMING, Case, collector
from tests.mock._drive import (
    EVIL_CALLBACK,
    ISSUER,
    PUBLIC_CALLBACK,
    TOKEN,
    WEB_CALLBACK,
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
