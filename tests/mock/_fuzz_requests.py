"""What the fuzz tests send: a spec type and a strategy per endpoint (placeholders for secrets)."""

from __future__ import annotations

from dataclasses import dataclass

from hypothesis import strategies as st

from harness.mock import SEED
from tests.mock._drive import FORM, PUBLIC_CALLBACK, WEB_CALLBACK, WORKSPACES, WRITE_PROBE
from tests.mock._fuzz_support import (
    ACCESS_READ,
    ACCESS_REVOKED,
    ACCESS_RW,
    CODE_PRIMARY,
    CODE_PUBLIC,
    ENCODINGS,
    PASSWORD,
    REDIRECTS,
    REFRESH_PRIMARY,
    REFRESH_PUBLIC,
    SECRET_PRIMARY,
    SECRET_SECOND,
    VERIFIER,
    AuthSpec,
    Pairs,
    authorizations,
    requests_from,
    values_from,
    weighted,
)
from tests.mock.flow import CALLBACK

OTHER_METHODS = st.sampled_from(["GET", "HEAD", "OPTIONS", "PUT", "DELETE", "PATCH"])
CLIENT_IDS = [SEED.primary.id, SEED.second.id, SEED.public.id, "nobody.client.test"]
URLSAFE = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~"

# -- token endpoint -------------------------------------------------------------------------------
TOKEN_KEYS = [
    "grant_type",
    "code",
    "redirect_uri",
    "code_verifier",
    "client_id",
    "client_secret",
    "refresh_token",
    "scope",
    "username",
    "password",
]
SECRETS = [SECRET_PRIMARY, SECRET_SECOND, "wrong"]
TOKEN_VALUES = values_from(
    [
        *(CODE_PRIMARY, CODE_PUBLIC, VERIFIER, REFRESH_PRIMARY, REFRESH_PUBLIC, PASSWORD),
        *SECRETS,
        *CLIENT_IDS,
        *("authorization_code", "refresh_token", "password", "client_credentials", "implicit"),
        *(CALLBACK, PUBLIC_CALLBACK, WEB_CALLBACK, "read", "read write", "*", "mcp", "admin"),
        SEED.user.email,
        "w" * 43,
    ]
)
PRIMARY_POST = [("client_id", SEED.primary.id), ("client_secret", SECRET_PRIMARY)]
PRIMARY_BASIC: AuthSpec = ("basic", SEED.primary.id, SECRET_PRIMARY)
PUBLIC_ID = [("client_id", SEED.public.id)]
CODE_GRANT = [("grant_type", "authorization_code"), ("code_verifier", VERIFIER)]
REFRESH_GRANT = [("grant_type", "refresh_token")]
PUBLIC_CODE = [*CODE_GRANT, ("code", CODE_PUBLIC), ("redirect_uri", PUBLIC_CALLBACK), *PUBLIC_ID]
# Valid requests with the Authorization header each one needs.
TOKEN_TEMPLATES: list[tuple[Pairs, AuthSpec]] = [
    ([*CODE_GRANT, ("code", CODE_PRIMARY), ("redirect_uri", CALLBACK), *PRIMARY_POST], None),
    ([*CODE_GRANT, ("code", CODE_PRIMARY), ("redirect_uri", CALLBACK)], PRIMARY_BASIC),
    (PUBLIC_CODE, None),
    ([*REFRESH_GRANT, ("refresh_token", REFRESH_PRIMARY), *PRIMARY_POST], None),
    ([*REFRESH_GRANT, ("refresh_token", REFRESH_PRIMARY), ("scope", "read")], PRIMARY_BASIC),
    ([*REFRESH_GRANT, ("refresh_token", REFRESH_PUBLIC), *PUBLIC_ID], None),
    ([("grant_type", "password"), ("username", SEED.user.email), ("password", PASSWORD)], None),
]
CONTENT_TYPES = st.one_of(
    st.sampled_from(
        [
            FORM + "; charset=utf-8",
            FORM + ";charset=ISO-8859-1",
            "APPLICATION/X-WWW-FORM-URLENCODED",
            "application/json",
            "text/plain",
            "multipart/form-data; boundary=x",
            "",
        ]
    ),
    st.none(),
    st.text(st.characters(min_codepoint=0x20, max_codepoint=0x7E), max_size=30),
)


@dataclass(frozen=True)
class TokenRequest:
    method: str
    content_type: str | None
    pairs: Pairs | None  # None: the body is `raw`
    encoding: str
    raw: bytes
    authorization: AuthSpec
    query: Pairs


@st.composite
def token_requests(draw: st.DrawFn) -> TokenRequest:
    """Mostly a valid request (mutated or not) with its own client authentication."""
    pairs, authorization = draw(st.sampled_from(TOKEN_TEMPLATES))
    return TokenRequest(
        method=draw(weighted((6, st.just("POST")), (1, OTHER_METHODS))),
        content_type=draw(weighted((4, st.just(FORM)), (1, CONTENT_TYPES))),
        pairs=draw(
            weighted((5, requests_from(st.just(pairs), TOKEN_KEYS, TOKEN_VALUES)), (1, st.none()))
        ),
        encoding=draw(weighted((4, st.just("percent")), (1, st.sampled_from(ENCODINGS)))),
        raw=draw(st.binary(max_size=200)),
        authorization=draw(
            weighted((4, st.just(authorization)), (2, authorizations(CLIENT_IDS, SECRETS)))
        ),
        query=draw(
            weighted(
                (4, st.just([])),
                (1, st.lists(st.tuples(st.sampled_from(TOKEN_KEYS), TOKEN_VALUES), max_size=4)),
            )
        ),
    )


# -- protected resource (API) ---------------------------------------------------------------------
API_PATHS = [WORKSPACES, "/api/v1/me/projects", WRITE_PROBE, "/oauth2/ping"]
API_KEYS = ["access_token", "limit", "page", "sort", "foo"]
NUMBERS = ["1", "10", "100", "101", "0", "-1", "+1", " 1", "01", "1.0", "1e2", "0x10", "9" * 30]
# str.isdigit() or isnumeric() holds for these; int() refuses some (superscript two ...).
ODD_DIGITS = ["\u00b2", "\u0661\u0662", "\U0001d7d9", "\u216b", "\u00bd"]
API_VALUES = values_from(
    [ACCESS_RW, ACCESS_READ, ACCESS_REVOKED, *NUMBERS, *ODD_DIGITS, "viewed-asc", "viewed-desc"]
)
TOKENS = [ACCESS_RW, ACCESS_READ, ACCESS_REVOKED, "not-a-token"]
API_QUERIES = st.lists(
    st.one_of(
        st.tuples(st.just("limit"), st.integers(1, 100).map(str)),
        st.tuples(st.just("page"), st.integers(1, 12).map(str)),
        st.tuples(st.just("sort"), st.sampled_from(["viewed-asc", "viewed-desc"])),
    ),
    max_size=3,
    unique_by=lambda pair: pair[0],
)


@dataclass(frozen=True)
class ApiRequest:
    method: str
    path: str
    authorization: AuthSpec
    query: Pairs
    encoding: str


bearer = st.tuples(st.just("scheme"), st.just("Bearer"), st.just(" "), st.sampled_from(TOKENS))
valid_bearer = st.tuples(
    st.just("scheme"), st.just("Bearer"), st.just(" "), st.sampled_from([ACCESS_RW, ACCESS_READ])
)
api_requests = st.builds(
    ApiRequest,
    method=weighted((6, st.just("GET")), (1, st.just("HEAD")), (1, OTHER_METHODS)),
    path=st.sampled_from(API_PATHS),
    authorization=weighted(
        (4, valid_bearer), (2, bearer), (1, st.none()), (2, authorizations(TOKENS, TOKENS))
    ),
    query=requests_from(API_QUERIES, API_KEYS, API_VALUES),
    encoding=weighted((4, st.just("percent")), (1, st.sampled_from(ENCODINGS))),
)

# -- authorization endpoint -----------------------------------------------------------------------
AUTHORIZE_KEYS = [
    "response_type",
    "client_id",
    "redirect_uri",
    "scope",
    "state",
    "code_challenge",
    "code_challenge_method",
]
AUTHORIZE_VALUES = values_from(
    [
        *REDIRECTS,
        *CLIENT_IDS,
        *("code", "token", "code id_token", "read", "read write", "*", "mcp", "admin"),
        *("S256", "plain", "s256", "p" * 43, "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"),
    ]
)


@st.composite
def authorization_requests(draw: st.DrawFn) -> Pairs:
    """A request of one of the seeded clients (any loopback port, any state), mostly valid."""
    client = draw(st.sampled_from(SEED.clients))
    pairs = [("client_id", client.id), ("response_type", "code")]
    # Mostly registered URIs; sometimes a near miss the server must refuse.
    redirect = draw(
        weighted(
            (3, st.sampled_from([*client.redirect_uris, "loopback", "omitted"])),
            (1, st.sampled_from(REDIRECTS)),
        )
    )
    if redirect == "loopback":
        redirect = f"http://127.0.0.1:{draw(st.integers(1, 65535))}/callback"
    if redirect != "omitted":  # omitted: valid only with one registered URI (the public client)
        pairs.append(("redirect_uri", redirect))
    scope = draw(st.sampled_from(["", "read", "write", "read write", "*", "mcp", "write mcp"]))
    if scope:
        pairs.append(("scope", scope))
    state = draw(st.text(max_size=40))
    if state:
        pairs.append(("state", state))
    if client.is_public or draw(st.booleans()):
        challenge = draw(st.text(URLSAFE, min_size=43, max_size=128))
        pairs += [("code_challenge", challenge), ("code_challenge_method", "S256")]
    return pairs


@dataclass(frozen=True)
class AuthorizeRequest:
    pairs: Pairs
    encoding: str
    signed_in: bool


authorize_queries = requests_from(authorization_requests(), AUTHORIZE_KEYS, AUTHORIZE_VALUES)
authorize_requests = st.builds(
    AuthorizeRequest,
    pairs=authorize_queries,
    encoding=weighted((4, st.just("percent")), (1, st.sampled_from(ENCODINGS))),
    signed_in=st.booleans(),
)
