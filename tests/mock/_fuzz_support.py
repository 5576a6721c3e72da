"""Hypothesis strategies and oracles for fuzzing the mock in-process.

Strategies draw *specs* whose secret parts are placeholders (``<<code:primary>>``,
``<<secret:primary>>`` ...); the test resolves them just before sending, so a falsifying example
Hypothesis prints never holds a real code, token or secret.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Iterable
from typing import Any, TypeVar
from urllib.parse import parse_qsl, quote, unquote, urlencode, urlsplit

from hypothesis import strategies as st

from harness.mock import SEED
from tests.mock._drive import EVIL_CALLBACK, PUBLIC_CALLBACK, WEB_CALLBACK, Driver
from tests.mock.flow import CALLBACK, pkce_pair

# -- placeholders for secrets ---------------------------------------------------------------
CODE_PRIMARY = "<<code:primary>>"
CODE_PUBLIC = "<<code:public>>"
VERIFIER = "<<verifier>>"
REFRESH_PRIMARY = "<<refresh:primary>>"
REFRESH_PUBLIC = "<<refresh:public>>"
SECRET_PRIMARY = "<<secret:primary>>"
SECRET_SECOND = "<<secret:second>>"
PASSWORD = "<<password>>"
ACCESS_RW = "<<access:read-write>>"
ACCESS_READ = "<<access:read>>"
ACCESS_REVOKED = "<<access:revoked>>"

FIXED = {
    SECRET_PRIMARY: SEED.primary.secret or "",
    SECRET_SECOND: SEED.second.secret or "",
    PASSWORD: SEED.user.password,
}


class Resolver:
    """Turns placeholders into real values for one example, minting codes and tokens lazily."""

    def __init__(self, primary: Driver, public: Driver, fixed: dict[str, str]) -> None:
        self._primary, self._public = primary, public
        self._values = dict(FIXED) | fixed
        self._verifier: str | None = None

    def _mint(self, name: str) -> str:
        if name == CODE_PRIMARY:
            value = self._primary.new_code()
            self._verifier = self._verifier or self._primary.verifier
        elif name == CODE_PUBLIC:
            value = self._public.new_code(scope="read")
            self._verifier = self._verifier or self._public.verifier
        elif name == REFRESH_PRIMARY:
            value = self._primary.new_tokens().refresh or ""
        elif name == REFRESH_PUBLIC:
            value = self._public.new_tokens(scope="read").refresh or ""
        elif name == VERIFIER:
            value = self._verifier or pkce_pair()[0]
        else:
            return name
        self._values[name] = value
        return value

    def __call__(self, value: str) -> str:
        return self._values.get(value) or self._mint(value)

    def pairs(self, pairs: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
        pairs = list(pairs)
        for _, value in pairs:  # codes first: the verifier placeholder means "the code's"
            if value in (CODE_PRIMARY, CODE_PUBLIC):
                self(value)
        return [(self(k), self(v)) for k, v in pairs]


# -- text ------------------------------------------------------------------------------------
HEADER_TEXT = st.text(st.characters(min_codepoint=0x20, max_codepoint=0x7E), max_size=40)
B64TOKEN = st.text("ABCxyz019-._~+/=", min_size=1, max_size=30)
ODD = ["", " ", "%", "%zz", "%FF", "+", "&", "=", "\x00", "\u2603", "ß", "a" * 300, "'\"<>\\"]


def values_from(pool: list[str]) -> st.SearchStrategy[str]:
    """A value from the pool, an odd one, or any text."""
    return st.one_of(st.sampled_from(pool + ODD), st.text(max_size=30))


# -- bodies and queries ------------------------------------------------------------------------
ENCODINGS = ("percent", "plus", "latin-1", "raw", "semicolons")


def encode_pairs(pairs: list[tuple[str, str]], encoding: str) -> bytes:
    """Pairs as a form body or query, in one of several (some odd) encodings."""
    if encoding == "percent":
        return urlencode(pairs, quote_via=quote, safe="").encode()
    if encoding == "plus":
        return urlencode(pairs).encode()
    if encoding == "latin-1":
        return urlencode(pairs, encoding="latin-1", errors="replace").encode()
    separator = ";" if encoding == "semicolons" else "&"
    return separator.join(f"{k}={v}" for k, v in pairs).encode("utf-8", "surrogateescape")


def as_query(raw: bytes) -> bytes:
    """Make raw bytes usable as a URL query: keep & = % + and friends, escape the rest."""
    text = raw.decode("utf-8", "surrogateescape")
    return quote(text, safe="&=%+;/?:@!$'()*,~-._", errors="surrogateescape").encode()


Pairs = list[tuple[str, str]]
T = TypeVar("T")


@st.composite
def varied(draw: st.DrawFn, base: st.SearchStrategy[Pairs]) -> Pairs:
    """A valid request in any parameter order, maybe with an unknown (ignored) parameter."""
    pairs = list(draw(st.permutations(draw(base))))
    if draw(st.booleans()):
        extra = ("x_" + draw(st.text(max_size=8)), draw(st.text(max_size=20)))
        pairs.insert(draw(st.integers(0, len(pairs))), extra)
    return pairs


@st.composite
def mutated(
    draw: st.DrawFn, base: st.SearchStrategy[Pairs], keys: list[str], values: st.SearchStrategy[str]
) -> Pairs:
    """A valid request with a few parameters dropped, repeated, replaced, blanked or added."""
    pairs = draw(varied(base))
    for _ in range(draw(st.integers(0, 3))):
        op = draw(st.sampled_from(["drop", "repeat", "replace", "add", "blank"]))
        at = draw(st.integers(0, max(len(pairs) - 1, 0)))
        if op == "add" or not pairs:
            key = draw(st.one_of(st.sampled_from(keys), st.text(max_size=12)))
            pairs.insert(at, (key, draw(values)))
        elif op == "drop":
            del pairs[at]
        elif op == "repeat":
            pairs.append((pairs[at][0], draw(st.one_of(st.just(pairs[at][1]), values))))
        elif op == "replace":
            pairs[at] = (pairs[at][0], draw(values))
        else:
            pairs[at] = (pairs[at][0], "")
    return pairs


def weighted(*options: tuple[int, st.SearchStrategy[T]]) -> st.SearchStrategy[T]:
    """Choose a strategy by weight, then draw from it (st.one_of flattens and weighs evenly)."""
    slots = [strategy for weight, strategy in options for _ in range(weight)]
    return st.sampled_from(slots).flatmap(lambda strategy: strategy)


def requests_from(
    base: st.SearchStrategy[Pairs], keys: list[str], values: st.SearchStrategy[str]
) -> st.SearchStrategy[Pairs]:
    """Valid requests, mutated ones and arbitrary pairs."""
    key = st.one_of(st.sampled_from(keys), st.text(max_size=12))
    arbitrary = st.lists(st.tuples(key, values), max_size=8)
    return weighted((2, varied(base)), (3, mutated(base, keys, values)), (1, arbitrary))


# -- oracles -------------------------------------------------------------------------------------
def first_values(raw: bytes) -> dict[str, str]:
    """What the server reads: the first non-empty value per key (RFC 6749 §3.1: empty = omitted)."""
    text = raw.decode("utf-8", "surrogateescape")
    values: dict[str, str] = {}
    for key, value in parse_qsl(text, keep_blank_values=True, errors="surrogateescape"):
        if value != "":
            values.setdefault(key, value)
    return values


def decode_basic(header: str) -> tuple[str, str] | None:
    """RFC 6749 §2.3.1: Basic credentials, each part form-urlencoded before encoding."""
    scheme, _, encoded = header.partition(" ")
    if scheme.lower() != "basic":
        return None
    try:
        decoded = base64.b64decode(encoded.strip(), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        return None
    client_id, sep, secret = decoded.partition(":")
    return (unquote(client_id), unquote(secret)) if sep else None


CONFIDENTIAL = {(c.id, c.secret) for c in SEED.clients if c.secret is not None}


def client_authenticated(form: dict[str, str], authorization: str | None) -> bool:
    """Whether the request authenticated a client by exactly one method (RFC 6749 §2.3)."""
    if authorization is not None and authorization[:6].lower() == "basic ":
        return decode_basic(authorization) in CONFIDENTIAL and "client_secret" not in form
    if "client_secret" in form:
        return (form.get("client_id"), form["client_secret"]) in CONFIDENTIAL
    return form.get("client_id") == SEED.public.id


def _loopback(uri: str) -> tuple[str, str, str] | None:
    """(host, path, query) of an http loopback IP literal URI with a valid port, else None."""
    try:
        parts = urlsplit(uri)
        port = parts.port
    except ValueError:
        return None
    literal = parts.netloc.rsplit(":", 1)[0] if port is not None else parts.netloc
    if parts.scheme != "http" or literal not in ("127.0.0.1", "[::1]") or parts.fragment:
        return None
    if port is None and parts.netloc != literal:
        return None
    return literal, parts.path, parts.query


def registered_for(client_id: str | None, target: str) -> bool:
    """RFC 6749 §3.1.2.3 exact match, or RFC 8252 §7.3 any port on a loopback IP literal."""
    client = next((c for c in SEED.clients if c.id == client_id), None)
    if client is None:
        return False
    for uri in client.redirect_uris:
        if target == uri:
            return True
        reg, got = _loopback(uri), _loopback(target)
        if reg is not None and reg == got:
            return True
    return False


REDIRECTS = [
    CALLBACK,
    PUBLIC_CALLBACK,
    WEB_CALLBACK,
    EVIL_CALLBACK,
    "http://127.0.0.1:1/callback",
    "http://127.0.0.1:65535/callback",
    "http://127.0.0.1:65536/callback",
    "http://127.0.0.1:0/callback",
    "http://127.0.0.1:/callback",
    "http://[::1]/callback",
    "http://[::1]:8080/callback",
    "http://localhost/callback",
    "http://127.0.0.1/callback/",
    "http://127.0.0.1/callbackX",
    "http://127.0.0.1/callback?x=1",
    "http://127.0.0.1/callback#frag",
    "http://127.0.0.1/Callback",
    "https://127.0.0.1/callback",
    "http://127.0.0.1:80@evil.example.com/callback",
    "http://evil.example.com@127.0.0.1/callback",
    "http://127.0.0.1.evil.example.com/callback",
    "https://client.example.com/callback/../evil",
    "https://client.example.com/callback%2F..%2Fevil",
    "https://CLIENT.example.com/callback",
    "https://client.example.com:443/callback",
    "https://client.example.com/callback?",
    "//evil.example.com/callback",
    "/callback",
    "javascript:alert(1)",
    "http://127.0.0.1/callback\r\nX: y",
]


# -- Authorization headers ------------------------------------------------------------------------
AuthSpec = tuple[Any, ...] | None


def authorizations(ids: list[str], secrets: list[str]) -> st.SearchStrategy[AuthSpec]:
    """None, well-formed Basic (placeholders inside), Basic of any bytes, or any header text."""
    return st.one_of(
        st.none(),
        st.tuples(st.just("basic"), values_from(ids), values_from(secrets)),
        st.tuples(st.just("basic-bytes"), st.binary(max_size=40)),
        st.tuples(
            st.just("scheme"),
            st.sampled_from(["Basic", "basic", "BASIC", "Bearer", "bearer", "Digest", ""]),
            st.sampled_from([" ", "  ", "\t", ""]),
            st.one_of(values_from(secrets), HEADER_TEXT, B64TOKEN),
        ),
        st.tuples(st.just("text"), HEADER_TEXT),
    )


def build_authorization(spec: AuthSpec, resolve: Resolver) -> str | None:
    if spec is None:
        return None
    kind, *rest = spec
    if kind == "basic":
        client_id, secret = (quote(resolve(v), safe="") for v in rest)
        return "Basic " + base64.b64encode(f"{client_id}:{secret}".encode()).decode()
    if kind == "basic-bytes":
        return "Basic " + base64.b64encode(rest[0]).decode()
    if kind == "scheme":
        scheme, separator, credentials = rest
        value = f"{scheme}{separator}{resolve(credentials)}"
        # On the wire a header value is visible ASCII, spaces and tabs (RFC 9110 §5.5).
        return "".join(c if c == "\t" or " " <= c <= "~" else "?" for c in value)
    text: str = rest[0]
    return text
