"""Where secrets hide: sensitive names, the text patterns that find their values, encodings."""

from __future__ import annotations

import base64
import binascii
import functools
import html
import json
import re
from collections.abc import Iterator
from urllib.parse import quote, quote_plus

# A learned value shorter than this is redacted only where its own name says it is secret:
# replacing e.g. "abc" everywhere would mangle unrelated text.
MIN_LEARNED_LENGTH = 8

LABEL = re.compile(r"<([a-z][a-z0-9_]*)#(\d+)>")
# Labels (several when secrets overlapped) and the shell variables they become in curl lines.
_PLACEHOLDERS = re.compile(r"(?:<[a-z][a-z0-9_]*#\d+>)+|\$\{[A-Z][A-Z0-9_]*\}")

# Parameter, field and JSON key names whose values are secret (RFC 6749 §4.1.2, §4.1.3, §5.1,
# §2.3.1; RFC 7636 §4.5; RFC 7009 §2.1); anything naming a CSRF token is secret too.
SENSITIVE_NAMES = frozenset(
    {
        "access_token",
        "refresh_token",
        "id_token",
        "code",
        "code_verifier",
        "client_secret",
        "client_assertion",
        "password",
        "token",
        "secret",
        "totp_secret",
    }
)
_NAME = r"(?:access_token|refresh_token|id_token|code_verifier|code|client_secret|client_assertion|password|token|totp_secret|secret|[\w-]*(?:csrf|xsrf)[\w-]*)"  # noqa: E501
_START = r"(?<![\w-])"

# name=value in a query, fragment or form body: the value ends where URL syntax ends it.
PAIR = re.compile(_START + r"(" + _NAME + r")=(?![\"'])([^&\s#\"'<>;,]+)", re.IGNORECASE)
# "name": "value" (JSON) and ('name', 'value') / {'name': 'value'} (Python reprs).
QUOTED = re.compile(
    r"(?P<q>[\"'])(?P<name>" + _NAME + r")(?P=q)\s*(?P<sep>[:,])\s*(?P<vq>[\"'])"
    r"(?P<value>(?:\\.|(?!(?P=vq))[^\\\n])*)(?P=vq)",
    re.IGNORECASE,
)
# name='value' (dataclass and keyword reprs).
KWARG = re.compile(_START + r"(" + _NAME + r")=([\"'])((?:\\.|(?!\2)[^\\\n])*)\2", re.IGNORECASE)
# <input name="csrf_token" value="…"> in HTML pages.
HTML_INPUT = re.compile(
    r"name=[\"'](" + _NAME + r")[\"'][^>]*?\bvalue=([\"'])(.*?)\2", re.IGNORECASE
)
# Authorization: Bearer x / ('authorization', 'Basic x') in free text.
AUTHORIZATION = re.compile(
    _START + r"(?:proxy-)?authorization[\"']?[ \t]*[:=,][ \t]*[\"']?([A-Za-z][\w-]*)[ \t]+"
    r"([A-Za-z0-9\-._~+/]+=*)(?![\w\-.~+/=(])",  # "(": our own "Basic base64(id:<label>)"
    re.IGNORECASE,
)
BASIC = re.compile(_START + r"Basic[ \t]+([A-Za-z0-9+/]{8,}={0,2})(?![\w+/=])")
BEARER = re.compile(_START + r"Bearer[ \t]+([A-Za-z0-9\-._~+/]{8,}=*)(?![\w\-.~+/=\"])")
COOKIE = re.compile(
    _START + r"(set-cookie|cookie)[\"']?[ \t]*[:,][ \t]*[\"']?([^\"'\r\n]*)", re.IGNORECASE
)
SECRET_HEADER = re.compile(
    _START + r"(x-[\w-]*(?:csrf|xsrf)[\w-]*)[\"']?[ \t]*[:,][ \t]*[\"']?([^\"'\s,;]+)",
    re.IGNORECASE,
)
# Error codes in JSON envelopes ("code": "UNAUTHORIZED") are not authorization codes.
_IDENTIFIER = re.compile(r"[A-Z]+(?:_[A-Z]+)*|[a-z]+(?:_[a-z]+)*")


def kind_of(name: str) -> str | None:
    """The label kind for a field/parameter name, or None when its values are not secret."""
    lowered = name.lower()
    if "csrf" in lowered or "xsrf" in lowered:
        return "csrf_token"
    return lowered if lowered in SENSITIVE_NAMES else None


def header_kind(name: str) -> str | None:
    """The label kind of a header whose whole value is a secret (auth and cookies aside)."""
    lowered = name.lower()
    if "csrf" in lowered or "xsrf" in lowered:
        return "csrf_token"
    if any(word in lowered for word in ("token", "secret", "api-key", "apikey")):
        return "token"
    return None


_TOKEN_CHARS = re.compile(r"[A-Za-z0-9\-._~+/]+=*")
MIN_RANDOM_LENGTH = 16


def looks_random(value: str) -> bool:
    """Long and random enough to be a credential (a code, a token, a verifier, a secret): 16 or
    more characters of the token alphabet (RFC 6750 §2.1 b64token) mixing letters with digits
    or both cases. Requirement ids (``RFC7636-4.4.1``), error codes (``invalid_grant``), client
    ids and words are not, so free text that merely mentions them is left alone."""
    if len(value) < MIN_RANDOM_LENGTH or _TOKEN_CHARS.fullmatch(value) is None:
        return False
    if REQUIREMENT_ID.fullmatch(value) is not None:
        return False  # RFC6749-4.1.2.2.1 is 17 characters of letters and digits
    letters = any(c.isalpha() for c in value)
    digits = any(c.isdigit() for c in value)
    cases = any(c.islower() for c in value) and any(c.isupper() for c in value)
    return letters and (digits or cases)


# Requirement ids (``RFC6749-4.1.2.1``, ``RFC6749-App.B``) name rules: never a secret's place.
REQUIREMENT_ID = re.compile(r"RFC\d{3,5}-[A-Za-z0-9.]+", re.IGNORECASE)
# Words, identifiers and numbers: segments of letters in one case (or Capitalized), optionally
# ending in digits, or digits alone, joined by "-_.:/@+" (``client-one.client.test``,
# ``invalid_grant``, ``hunter2``, ``4.1.2``, ``user@example.com``).
_SEGMENT = r"(?:(?:[a-z]+|[A-Z][a-z]*|[A-Z]+)\d*|\d+)"
_IDENTIFIER_LIKE = re.compile(_SEGMENT + r"(?:[-_.:/@+]+" + _SEGMENT + r")*[-_.:/@+]?")
# Fewer space-separated words than this read as a phrase (``read write``, ``mock server``).
PASSPHRASE_WORDS = 4
# Names whose values are public vocabulary (RFC 6749 §4.1.1, §4.1.2, §5.1, §5.2; RFC 7636 §4.3)
# or the harness's own report fields: a secret equal to one is not hidden there, only under
# a sensitive name (``scope=read`` stays when a password is "read").
PUBLIC_NAMES = frozenset(
    {
        "client_id",
        "scope",
        "state",
        "grant_type",
        "response_type",
        "response_mode",
        "token_type",
        "token_type_hint",
        "error",
        "code_challenge_method",
        "iss",
        "requirement",
        "requirements",
        "level",
        "outcome",
        "nodeid",
        "catalogue",
    }
)


# Protocol words (RFC 6749 parameter, grant, token type and error names; RFC 7636 methods): a
# secret equal to one is hidden under its sensitive name only, never where the word is meant.
VOCABULARY = frozenset(
    {
        *SENSITIVE_NAMES,
        *PUBLIC_NAMES,
        "redirect_uri",
        "code_challenge",
        "error_description",
        "error_uri",
        "expires_in",
        "authorization_code",
        "client_credentials",
        "implicit",
        "bearer",
        "basic",
        "plain",
        "s256",
        "invalid_request",
        "invalid_client",
        "invalid_grant",
        "unauthorized_client",
        "unsupported_grant_type",
        "invalid_scope",
        "access_denied",
        "unsupported_response_type",
        "server_error",
        "temporarily_unavailable",
        "invalid_token",
        "insufficient_scope",
    }
)


def never_hidden_outside_its_field(value: str) -> bool:
    """Text the known-value scan never rewrites, even as a whole value: requirement ids, our
    labels, URLs, node ids and protocol words. Under a sensitive name it is still labelled."""
    return (
        is_label(value)
        or "://" in value
        or "::" in value
        or REQUIREMENT_ID.fullmatch(value) is not None
        or value.lower() in VOCABULARY
    )


def looks_ordinary(value: str) -> bool:
    """True when ``value`` could be ordinary report text: shorter than 8 characters, a
    requirement id, a label, a URL or node id, a word, identifier or number
    (``client-one.client.test``), or a phrase of fewer than 4 words (``read write``). A known
    secret that looks ordinary is hidden only where it stands as a whole value; any other one
    (a token, ``s3cret-one:%+/``, ``correct horse battery staple``) is hidden everywhere."""
    if len(value) < MIN_LEARNED_LENGTH or is_label(value) or "://" in value or "::" in value:
        return True
    if REQUIREMENT_ID.fullmatch(value) is not None:
        return True
    if looks_random(value):
        return False
    words = value.split(" ")
    if len(words) >= PASSPHRASE_WORDS or any(not word for word in words):
        return False
    return all(_IDENTIFIER_LIKE.fullmatch(word) is not None for word in words)


def looks_like_error_code(name: str, value: str) -> bool:
    return name.lower() == "code" and _IDENTIFIER.fullmatch(value) is not None


def is_label(text: str) -> bool:
    """Our own placeholders, so that redacting redacted text (or curl lines) changes nothing."""
    return _PLACEHOLDERS.fullmatch(text) is not None


def decode_basic(credentials: str) -> tuple[str, str] | None:
    """``user:password`` from a Basic credential (RFC 7617 §2), or None if it is not one."""
    try:
        raw = base64.b64decode(credentials, validate=True)
    except (binascii.Error, ValueError):
        return None
    text = raw.decode("utf-8", "replace")
    user, sep, password = text.partition(":")
    return (user, password) if sep else None


def json_unescape(text: str) -> str:
    try:
        value = json.loads(f'"{text}"')
    except ValueError:
        return text
    return value if isinstance(value, str) else text


def _b64_forms(raw: bytes) -> Iterator[str]:
    for encoded in (base64.b64encode(raw), base64.urlsafe_b64encode(raw)):
        text = encoded.decode("ascii")
        yield text
        yield text.rstrip("=")


@functools.lru_cache(maxsize=1024)
def variants(value: str) -> frozenset[str]:
    """The value and the encoded forms it takes on the wire and in reports."""
    forms = {value, html.escape(value)}
    for text in (
        quote(value, safe=""),
        quote(value, safe="/"),
        quote(value, safe=":/?#[]@!$&'()*+,;="),
        quote_plus(value),
        quote(quote_plus(value), safe=""),
    ):
        forms.add(text)
        forms.add(re.sub(r"%[0-9A-F]{2}", lambda m: m.group(0).lower(), text))
    forms.add(json.dumps(value)[1:-1])
    forms.add(json.dumps(value, ensure_ascii=False)[1:-1])
    forms.add(repr(value)[1:-1])  # as quoted in a Python assertion message
    forms.add(ascii(value)[1:-1])
    forms.update(_b64_forms(value.encode("utf-8")))
    return frozenset(form for form in forms if form)
