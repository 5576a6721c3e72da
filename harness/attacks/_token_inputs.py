"""Hostile token-endpoint inputs: forged codes and refresh tokens, malformed code_verifiers, and
malformed token request bodies, each as a named corpus plus a Hypothesis strategy.

Forgeries are *changes to a real value* (``Mutation``), named by what they do, so neither a
report nor Hypothesis's "Falsifying example" line can print the real code or token they were
made from. Bodies are named the same way and never show the client secret they carry.
"""

from __future__ import annotations

import json
import string
from collections.abc import Callable, Sequence
from urllib.parse import quote, unquote_to_bytes

from hypothesis import strategies as st

from harness.attacks._mutation import Mutation

UNRESERVED = string.ascii_letters + string.digits + "-._~"  # RFC 7636 §4.1
# Visible ASCII outside the unreserved set: a verifier holding one is malformed (RFC 7636 §4.1)
# and still has an S256 challenge (§4.2 hashes ASCII octets).
OUT_OF_CHARSET = "".join(c for c in string.printable[:95] if c not in UNRESERVED)
FORM = "application/x-www-form-urlencoded"


# -- forged codes and refresh tokens (RFC 6749 §4.1.3, §6: "verify", "validate") ----------------
def _forgery(name: str, apply: Callable[[str], str]) -> Mutation:
    return Mutation("forged", name, apply)


def _flip(index: int) -> Callable[[str], str]:
    def apply(real: str) -> str:
        i = index % len(real)
        swapped = "B" if real[i] == "A" else "A"
        return real[:i] + swapped + real[i + 1 :]

    return apply


FORGERY_CORPUS: tuple[Mutation, ...] = (
    _forgery("last-character-changed", _flip(-1)),
    _forgery("truncated-by-one", lambda real: real[:-1]),
    _forgery("one-character-appended", lambda real: real + "A"),
    _forgery(
        "case-swapped", lambda real: real.swapcase() if real.swapcase() != real else real + "x"
    ),
    _forgery("space-inside", lambda real: real[:8] + " " + real[8:]),
    _forgery("repeated-to-300-characters", lambda real: (real * (300 // len(real) + 1))[:300]),
    _forgery("non-ascii-appended", lambda real: real + "\u00e9"),
    _forgery("null-byte-inserted", lambda real: real[:4] + "\x00" + real[4:]),
)


def _generated_forgery(kind: str, index: int, extra: str, length: int) -> Mutation:
    """One forgery from drawn parts; its name holds only the parts, never the real value."""
    if kind == "flip":
        return _forgery(f"character-{index}-changed", _flip(index))
    if kind == "truncate":
        return _forgery(f"cut-to-{length}", lambda real: real[: max(1, length)])
    if kind == "append":
        return _forgery(f"appended-{extra!r}", lambda real: real + extra)
    if kind == "insert":
        return _forgery(f"{extra!r}-at-{index}", lambda real: real[:index] + extra + real[index:])
    if kind == "long":
        return _forgery(f"padded-to-{length + 256}", lambda real: real.ljust(length + 256, "A"))
    return _forgery(f"random-{extra!r}", lambda real: extra or "A")


def forgeries() -> st.SearchStrategy[Mutation]:
    """Changes to a real code or refresh token (single characters, lengths past 255, non-ASCII
    and control characters); apply one to the real value to get the forged one."""
    return st.builds(
        _generated_forgery,
        st.sampled_from(("flip", "truncate", "append", "insert", "long", "random")),
        st.integers(min_value=0, max_value=64),
        st.text(min_size=1, max_size=8),
        st.integers(min_value=1, max_value=2000),
    )


def forged(mutation: Mutation, real: str) -> str:
    """``mutation`` applied to ``real``; never ``real`` itself, nor ``real`` wrapped in
    whitespace a server may trim (then one character is appended)."""
    value = mutation.apply(real)
    return value if value.strip() != real else value + "A"


# -- malformed code_verifiers (RFC 7636 §4.1: 43-128 characters of the unreserved set) --------
VERIFIER_CORPUS: tuple[tuple[str, str], ...] = (
    ("abc", "abc"),
    ("42-characters", "a" * 42),
    ("129-characters", "a" * 129),
    ("out-of-charset", "a" * 40 + "+/="),
)


def malformed_verifiers() -> st.SearchStrategy[tuple[str, str]]:
    """``(name, verifier)`` pairs, each breaking §4.1 one way: too short, too long, or holding a
    visible ASCII character outside the unreserved set. Verifiers are not secrets here: each is
    generated for one authorization the scenario makes."""
    short = st.text(UNRESERVED, min_size=1, max_size=42).map(lambda v: (f"{len(v)}-characters", v))
    long = st.text(UNRESERVED, min_size=129, max_size=300).map(
        lambda v: (f"{len(v)}-characters", v)
    )
    outside = st.builds(
        lambda head, bad, tail: (f"{bad!r}-inside", head + bad + tail),
        st.text(UNRESERVED, min_size=21, max_size=60),
        st.sampled_from(OUT_OF_CHARSET),
        st.text(UNRESERVED, min_size=21, max_size=60),
    )
    return st.one_of(short, long, outside)


def verifier_is_malformed(verifier: str) -> bool:
    """True unless ``verifier`` is 43-128 characters of the unreserved set (RFC 7636 §4.1)."""
    return not (43 <= len(verifier) <= 128 and all(c in UNRESERVED for c in verifier))


# -- malformed token request bodies (RFC 6749 §3.2, App. B) ------------------------------------
Pairs = Sequence[tuple[str, str]]
Render = Callable[[Pairs], tuple[bytes, str | None]]


class BodyVariant:
    """A token request body built from the well-formed pairs: ``render(pairs)`` gives the body
    bytes and the Content-Type (None: no header). Shown by name only (the pairs hold the
    client secret)."""

    __slots__ = ("name", "render")

    def __init__(self, name: str, render: Render) -> None:
        self.name = name
        self.render = render

    def __repr__(self) -> str:
        return f"body:{self.name}"


def _form(pairs: Pairs) -> bytes:
    return "&".join(f"{quote(k, safe='')}={quote(v, safe='')}" for k, v in pairs).encode()


def _as_form(name: str, change: Callable[[Pairs], bytes]) -> BodyVariant:
    return BodyVariant(name, lambda pairs: (change(pairs), FORM))


def _with_raw(value: bytes) -> Callable[[Pairs], bytes]:
    return lambda pairs: _form(pairs) + b"&note=" + value  # an unknown parameter's value


BODY_CORPUS: tuple[BodyVariant, ...] = (
    _as_form("percent-encoded-non-utf8", _with_raw(b"%FF%FE")),
    _as_form("raw-non-utf8", _with_raw(b"\xff\xfe")),
    _as_form("latin-1-value", _with_raw("caf\u00e9".encode("latin-1"))),
    _as_form("duplicated-grant_type", lambda pairs: _form([*pairs, pairs[0]])),
    _as_form("unknown-parameter", lambda pairs: _form([*pairs, ("harness_unknown", "1")])),
    _as_form("semicolon-separators", lambda pairs: _form(pairs).replace(b"&", b";")),
    _as_form("pair-without-equals", lambda pairs: _form(pairs) + b"&orphan"),
    BodyVariant("json-body", lambda pairs: (json.dumps(dict(pairs)).encode(), "application/json")),
    BodyVariant("text-plain", lambda pairs: (_form(pairs), "text/plain")),
    BodyVariant("no-content-type", lambda pairs: (_form(pairs), None)),
    BodyVariant("utf-16-body", lambda pairs: (_form(pairs).decode().encode("utf-16"), FORM)),
    BodyVariant(
        "multipart-body",
        lambda pairs: (
            b"".join(
                b'--b\r\nContent-Disposition: form-data; name="'
                + k.encode()
                + b'"\r\n\r\n'
                + v.encode()
                + b"\r\n"
                for k, v in pairs
            )
            + b"--b--\r\n",
            "multipart/form-data; boundary=b",
        ),
    ),
)

_CONTENT_TYPES = (FORM, f"{FORM}; charset=ISO-8859-1", "text/plain", "application/json", None)


def _generated_body(
    content_type: str | None, raw: bytes, repeat: int, unknown: str, position: int
) -> BodyVariant:
    def render(pairs: Pairs) -> tuple[bytes, str | None]:
        chosen = list(pairs)
        if repeat:
            chosen.append(chosen[repeat % len(chosen)])  # a repeated parameter (RFC 6749 §3.2)
        if unknown:
            chosen.insert(position % (len(chosen) + 1), (unknown, "1"))
        body = _form(chosen)
        cut = position % (len(body) + 1)
        return body[:cut] + raw + body[cut:], content_type

    name = (
        f"{content_type or 'no-type'}|bytes={raw!r}|repeat={repeat}|unknown={unknown!r}@{position}"
    )
    return BodyVariant(name, render)


def token_bodies() -> st.SearchStrategy[BodyVariant]:
    """Well-formed pairs made into bodies with drawn bytes spliced in (often not UTF-8), a
    repeated or unknown parameter, and a drawn Content-Type."""
    return st.builds(
        _generated_body,
        st.sampled_from(_CONTENT_TYPES),
        st.binary(min_size=0, max_size=6),
        st.integers(min_value=0, max_value=4),
        st.sampled_from(("", "foo", "client_assertion", "scope")),
        st.integers(min_value=0, max_value=400),
    )


def is_utf8(body: bytes) -> bool:
    """True when ``body`` and every percent-escape in it decode as UTF-8."""
    try:
        body.decode("utf-8")
        unquote_to_bytes(body).decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True
