"""Replacing secrets with stable labels (``<code#1>``) wherever they appear."""

from __future__ import annotations

import contextlib
import difflib
import html
import json
import re
import threading
from collections.abc import Callable, Iterable, Iterator
from urllib.parse import parse_qsl, unquote_plus, urlsplit

from harness.evidence import _patterns as p
from harness.evidence._records import Exchange, media_type

Span = tuple[int, int, str]


class Redactor:
    """Knows the secret values of a scenario and replaces each with a label of its kind.

    Secrets come from three places: values given up front (a target file's secrets), values
    learned from exchanges (token responses, callback codes, credentials sent), and values found
    under a sensitive name while redacting. The same value always gets the same label.

    Where a known secret is replaced depends on its shape (``_patterns.looks_ordinary``): one
    long and random enough to be a credential, in every encoding, everywhere; one that could be
    ordinary text (``read``, ``hunter2``, a client id, a requirement id) only where it stands
    as a whole value: a parameter, header, cookie, JSON or repr string value, a URL path segment
    or userinfo. Values the harness made up to be wrong (``declare_public``) are never hidden.
    """

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        self._lock = threading.RLock()
        self._forms: dict[str, str] = {}  # text as it may appear -> canonical value
        self._labels: dict[str, str] = {}  # canonical value -> label
        self._counts: dict[str, int] = {}
        self._public: set[str] = set()  # made-up values sent to be refused, shown as they are
        self._patterns: tuple[re.Pattern[str] | None, re.Pattern[str] | None] | None = None
        for value in secrets:
            self.add_secret(value)

    # -- learning -------------------------------------------------------------------------

    def add_secret(self, value: str, kind: str | None = None) -> None:
        """A value to redact everywhere, whatever its length; labelled by where it first shows."""
        with self._lock:
            self._register(value, kind, configured=True)

    def declare_public(self, value: str) -> bool:
        """``value`` was made up by the harness to be wrong (a wrong code_verifier, an unknown
        refresh token, a wrong client secret): it is no secret, so evidence, failure text and
        curl lines show it as it is. Refused (False) when it is, or holds a run of, a secret
        already known: a forgery cut from a real token would show almost all of it."""
        with self._lock:
            known = value in self._forms or value in self._labels
            if not value or known or self._holds_a_secret(value):
                return False
            self._public.add(value)
            return True

    def is_public(self, value: str) -> bool:
        with self._lock:
            return value in self._public

    def _holds_a_secret(self, value: str) -> bool:
        for secret in self._labels:
            if len(secret) < p.MIN_LEARNED_LENGTH:
                continue
            match = difflib.SequenceMatcher(None, value, secret, autojunk=False)
            longest = match.find_longest_match(0, len(value), 0, len(secret)).size
            if longest >= min(len(secret) // 2, 2 * p.MIN_LEARNED_LENGTH):
                return True
        return False

    def learn_from_exchange(self, exchange: Exchange) -> None:
        """Remember the secrets an exchange carried, so they are redacted wherever they recur."""
        with self._lock:
            self.learn_from_url(exchange.url)
            self._learn_headers(exchange.request_headers)
            self._learn_body(exchange.request_headers, exchange.request_body)
            self._learn_headers(exchange.response_headers)
            self._learn_body(exchange.response_headers, exchange.response_body)

    def learn_from_url(self, url: str) -> None:
        """Secrets in a URL's query and fragment (an authorization response's ``code``)."""
        parts = urlsplit(url)
        with self._lock:
            for component in (parts.query, parts.fragment):
                self._learn_pairs(component)

    def _learn_pairs(self, encoded: str) -> None:
        for name, value in parse_qsl(encoded, keep_blank_values=False):
            kind = p.kind_of(name)
            if kind is not None:
                self._register(value, kind)

    def _learn_headers(self, headers: list[tuple[str, str]]) -> None:
        for name, value in headers:
            lowered = name.lower()
            if lowered in ("authorization", "proxy-authorization"):
                self._learn_credentials(value)
            elif lowered in ("cookie", "set-cookie"):
                for _, _, cookie in _cookie_pairs(value, first_only=lowered == "set-cookie"):
                    self._register(cookie, "cookie")
            elif lowered == "location":
                self.learn_from_url(value)
            elif (kind := p.header_kind(name)) is not None:
                self._register(value.strip(), kind)

    def _learn_credentials(self, value: str) -> None:
        scheme, _, credentials = value.strip().partition(" ")
        if credentials.strip():
            self._credential_label(scheme, credentials.strip())

    def _learn_body(self, headers: list[tuple[str, str]], body: bytes) -> None:
        if not body:
            return
        text = body.decode("utf-8", "replace")
        media = media_type(headers)
        if media == "application/x-www-form-urlencoded":
            self._learn_pairs(text)
        elif media.endswith("json") or text.lstrip()[:1] in ("{", "["):
            with contextlib.suppress(ValueError):
                self._learn_json(json.loads(text))
        else:
            for match in p.HTML_INPUT.finditer(text):
                self._register(html.unescape(match.group(3)), p.kind_of(match.group(1)))

    def _learn_json(self, node: object) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                kind = p.kind_of(str(key))
                if isinstance(value, str) and kind is not None:
                    if not p.looks_like_error_code(str(key), value):
                        self._register(value, kind)
                else:
                    self._learn_json(value)
        elif isinstance(node, list):
            for item in node:
                self._learn_json(item)

    def _register(
        self, value: str, kind: str | None, *, configured: bool = False, forms: Iterable[str] = ()
    ) -> str:
        """Record ``value`` (and ``forms`` it was seen in); return its canonical value."""
        if not value or p.is_label(value):
            return value
        if configured:
            self._public.discard(value)
        elif value in self._public:
            return value
        canonical = self._forms.get(value, value)
        if configured or len(canonical) >= p.MIN_LEARNED_LENGTH:
            for form in (*p.variants(canonical), *forms):
                if form and form not in self._forms:
                    self._forms[form] = canonical
                    self._patterns = None
        if kind is not None:
            self._label_of(canonical, kind)
        return canonical

    def _label_of(self, canonical: str, kind: str) -> str:
        label = self._labels.get(canonical)
        if label is None:
            self._counts[kind] = self._counts.get(kind, 0) + 1
            label = f"<{kind}#{self._counts[kind]}>"
            self._labels[canonical] = label
        return label

    def _label(
        self,
        text: str,
        kind: str,
        decode: Callable[[str], str] | None = None,
        *,
        learn: bool = True,
    ) -> str:
        """The label for a value found under a sensitive name (``text`` as it appeared).

        ``learn=False`` labels it here without teaching it for every other place: free text
        may name a sensitive field beside something that is no secret at all."""
        if not text or p.is_label(text) or text in self._public:
            return text
        if decode is not None and decode(text) in self._public:
            return text
        canonical = self._forms.get(text)
        if canonical is None and decode is not None:
            decoded = decode(text)
            if learn:
                canonical = self._register(decoded, None, forms=(text,) if decoded != text else ())
            else:
                canonical = decoded
        if canonical is None:
            canonical = self._register(text, None) if learn else text
        return self._label_of(canonical, kind)

    def _label_in_text(
        self, text: str, kind: str, decode: Callable[[str], str] | None = None
    ) -> str:
        """A value under a sensitive name in free text: learned only when it looks random."""
        learn = p.looks_random(decode(text) if decode is not None else text)
        return self._label(text, kind, decode, learn=learn)

    def _basic_label(self, credentials: str, password: str) -> str:
        # RFC 6749 §2.3.1: the secret is form-urlencoded before Basic encoding.
        if {credentials, password, unquote_plus(password)} & self._public:
            return unquote_plus(password)  # a made-up user:pass, no configured client's secret
        canonical = self._forms.get(password) or self._forms.get(unquote_plus(password))
        if canonical is None:
            canonical = self._register(unquote_plus(password), None, forms=(password,))
        if credentials not in self._forms:
            self._forms[credentials] = canonical
            self._patterns = None
        return self._label_of(canonical, "client_secret")

    # -- redacting ------------------------------------------------------------------------

    def redact(self, text: str) -> str:
        """``text`` with every known secret and every value under a sensitive name labelled."""
        with self._lock:
            return self._apply(text, list(self._structural_spans(text)))

    def redact_code(self, text: str) -> str:
        """Source code (a traceback's source lines): only secrets long and random enough to be
        credentials are replaced, should one be written in the code; nothing else is touched,
        and nothing is learned (``("code", "RFC6749-4.1.2.1")`` there is two arguments)."""
        with self._lock:
            anywhere, _ = self._compiled()
            if anywhere is None:
                return text
            spans = [
                (m.start(), m.end(), self._label_of(self._forms[m.group(0)], "secret"))
                for m in anywhere.finditer(text)
            ]
            return self._join(text, spans)

    def _join(self, text: str, spans: list[Span]) -> str:
        out: list[str] = []
        position = 0
        for start, end, label in _merged(spans):
            out += [text[position:start], label]
            position = end
        out.append(text[position:])
        return "".join(out)

    def _apply(self, text: str, spans: list[Span], whole: bool = False) -> str:
        # The structural spans were found first: they teach values the known-value scan then finds.
        spans = [s for s in spans if text[s[0] : s[1]] != s[2]] + self._known_spans(text, whole)
        return self._join(text, spans)

    def redact_field(self, name: str, value: str) -> str:
        """A decoded form field or query parameter: labelled whole if its name is sensitive."""
        with self._lock:
            kind = p.kind_of(name)
            if kind is not None and value:
                return self._label(value, kind)
            if p.kind_of(name) is None and name.lower() in p.PUBLIC_NAMES:
                return self.redact(value)
            return self._apply(value, list(self._structural_spans(value)), whole=True)

    def redact_header(self, name: str, value: str) -> str:
        """A header value: credentials and cookie values labelled, cookie attributes kept."""
        with self._lock:
            lowered = name.lower()
            if lowered in ("authorization", "proxy-authorization"):
                return self._redact_credentials(value)
            if lowered in ("cookie", "set-cookie"):
                return self._apply(value, list(self._cookie_spans(value, lowered == "set-cookie")))
            kind = p.header_kind(name)
            if kind is not None and value.strip():
                return self._label(value.strip(), kind)
            return self._apply(value, list(self._structural_spans(value)), whole=True)

    def shell_variable(self, label: str) -> str | None:
        """``<client_secret#2>`` -> ``CLIENT_SECRET_2`` (None: a label it never issued)."""
        match = p.LABEL.fullmatch(label)
        with self._lock:
            if match is None or label not in self._labels.values():
                return None
        name, number = match.group(1).upper(), int(match.group(2))
        return name if number == 1 else f"{name}_{number}"

    def redact_basic(self, credentials: str) -> tuple[str, str] | None:
        """(redacted user, password label) of a Basic credential, or None if it is not one."""
        with self._lock:
            pair = p.decode_basic(credentials)
            if pair is None:
                return None
            user, password = pair
            return self.redact(user), self._basic_label(credentials, password) if password else ""

    def _redact_credentials(self, value: str) -> str:
        scheme, space, credentials = value.strip().partition(" ")
        credentials = credentials.strip()
        if not credentials:
            return self.redact(value)
        if credentials in self._public:
            return value  # made up by the harness ("Bearer invalid", "Basic dXNlcjpwYXNz")
        parts = self.redact_basic(credentials) if scheme.lower() == "basic" else None
        if parts is not None:
            return f"{scheme} base64({parts[0]}:{parts[1]})"
        return f"{scheme}{space}{self._credential_label(scheme, credentials)}"

    def _known_spans(self, text: str, whole: bool = False) -> list[Span]:
        """Known secrets in ``text``: random-looking forms anywhere, ordinary-looking ones where
        they stand as a whole value (``whole``: ``text`` is itself one header or field value)."""
        if not text or not self._forms:
            return []
        anywhere, in_values = self._compiled()
        spans: list[Span] = []
        if anywhere is not None:
            spans += [
                (m.start(), m.end(), self._label_of(self._forms[m.group(0)], "secret"))
                for m in anywhere.finditer(text)
            ]
        if in_values is not None:
            spans += [
                (m.start(), m.end(), self._label_of(self._forms[m.group(0)], "secret"))
                for m in in_values.finditer(text)
                if _stands_as_value(text, m.start(), m.end(), whole)
            ]
        return spans

    def _compiled(self) -> tuple[re.Pattern[str] | None, re.Pattern[str] | None]:
        if self._patterns is None:
            anywhere: list[str] = []
            in_values: list[str] = []
            for form, canonical in self._forms.items():
                if p.never_hidden_outside_its_field(canonical) and p.looks_ordinary(form):
                    continue  # only its encoded forms (base64, %-escapes) are hidden
                ordinary = p.looks_ordinary(canonical) and p.looks_ordinary(form)
                (in_values if ordinary else anywhere).append(form)
            self._patterns = (_alternation(anywhere), _alternation(in_values))
        return self._patterns

    def _cookie_spans(self, value: str, first_only: bool, offset: int = 0) -> Iterator[Span]:
        for start, end, cookie in _cookie_pairs(value, first_only=first_only):
            yield offset + start, offset + end, self._label(cookie, "cookie")

    def _structural_spans(self, text: str) -> Iterator[Span]:
        for m in p.PAIR.finditer(text):
            name, value = m.group(1), m.group(2)
            if p.looks_like_error_code(name, value) and value not in self._labels:
                continue  # code=UNAUTHORIZED in prose is an API error code, not a grant
            yield m.start(2), m.end(2), self._label_in_text(value, _kind(name), unquote_plus)
        for m in p.QUOTED.finditer(text):
            name, value = m.group("name"), m.group("value")
            if not value or p.looks_like_error_code(name, value):
                continue
            # "name": "value" is a JSON field; "name", "value" is a pair only in a repr, and in
            # source code it is two arguments: only a value that looks like a secret is hidden.
            known = p.looks_random(value) or value in self._forms
            if m.group("sep") == "," and not known:
                continue
            decode = p.json_unescape if m.group("vq") == '"' else None
            label = self._label_in_text(value, _kind(name), decode)
            yield m.start("value"), m.end("value"), label
        for m in p.KWARG.finditer(text):
            if m.group(3):
                yield m.start(3), m.end(3), self._label_in_text(m.group(3), _kind(m.group(1)))
        for m in p.HTML_INPUT.finditer(text):
            if m.group(3):
                label = self._label_in_text(m.group(3), "csrf_token", html.unescape)
                yield m.start(3), m.end(3), label
        for m in p.AUTHORIZATION.finditer(text):
            yield m.start(2), m.end(2), self._credential_label(m.group(1), m.group(2))
        for m in p.BASIC.finditer(text):
            if p.decode_basic(m.group(1)) is not None:  # prose may say "Basic authentication"
                yield m.start(1), m.end(1), self._credential_label("basic", m.group(1))
        for m in p.BEARER.finditer(text):
            if any(c.isdigit() for c in m.group(1)):
                yield m.start(1), m.end(1), self._label(m.group(1), "access_token")
        for m in p.COOKIE.finditer(text):
            first_only = m.group(1).lower() == "set-cookie"
            yield from self._cookie_spans(m.group(2), first_only, offset=m.start(2))
        for m in p.SECRET_HEADER.finditer(text):
            yield m.start(2), m.end(2), self._label(m.group(2), "csrf_token")

    def _credential_label(self, scheme: str, credentials: str) -> str:
        """The label of an Authorization credential; a Basic one is decoded to learn the secret."""
        if scheme.lower() == "basic":
            pair = p.decode_basic(credentials)
            if pair is not None and pair[1]:
                return self._basic_label(credentials, pair[1])
        return self._label(credentials, "access_token")


def _kind(name: str) -> str:
    return p.kind_of(name) or "secret"


def _alternation(forms: list[str]) -> re.Pattern[str] | None:
    if not forms:
        return None
    ordered = sorted(forms, key=len, reverse=True)
    return re.compile("|".join(re.escape(form) for form in ordered))


# What may follow a value in a query, form, fragment, cookie or keyword (RFC 3986 §3.4, §3.5;
# RFC 6265 §4.2.1): the next parameter, the fragment, an attribute, the end of a quoted text.
_VALUE_END = frozenset("&#;, \t\r\n\"'<>)]}")
_NAME_BEFORE_EQUALS = re.compile(r"([\w.\-\[\]]+)=$")
_KEY_BEFORE_QUOTE = re.compile(r"[\"']([\w.\-]+)[\"']\s*[:,]\s*$")
_HEADER_BEFORE = re.compile(r"(?:^|\n)[ \t]*[A-Za-z][\w-]*:[ \t]*$")
_URL_TOKEN = re.compile(r"[A-Za-z][\w+.-]*://\S*$")


def _stands_as_value(text: str, start: int, end: int, whole: bool) -> bool:
    """``text[start:end]`` is a whole delimited value: a parameter or cookie value
    (``name=value``), a quoted string (JSON, a Python repr, an HTML attribute), a header's value
    (``Name: value`` to the end of the line), a URL path segment or its userinfo (RFC 3986
    §3.2.1, §3.3); ``whole`` says ``text`` itself is one value. Never under a public name."""
    before = text[start - 1] if start > 0 else ""
    after = text[end] if end < len(text) else ""
    head = text[:start]
    if whole and not before and not after:
        return True
    if before in ('"', "'") and after == before:
        key = _KEY_BEFORE_QUOTE.search(head[:-1])
        return key is None or key.group(1).lower() not in p.PUBLIC_NAMES
    if before == "=" and (after == "" or after in _VALUE_END):
        name = _NAME_BEFORE_EQUALS.search(head)
        return name is not None and name.group(1).lower() not in p.PUBLIC_NAMES
    if after in ("", "\r", "\n") and _HEADER_BEFORE.search(head) is not None:
        return True
    url = _URL_TOKEN.search(head)
    if url is None:
        return False
    if before == "/" and (after == "" or after in "/?#" or after in _VALUE_END):
        return not url.group(0).endswith("://")  # a path segment, not the host
    authority = url.group(0).split("://", 1)[1]
    return "/" not in authority and before in ":/" and after in ("@", ":")


def _cookie_pairs(value: str, *, first_only: bool) -> Iterator[tuple[int, int, str]]:
    """(start, end, value) of each cookie value in a Cookie / Set-Cookie header value."""
    position = 0
    for index, part in enumerate(value.split(";")):
        if first_only and index > 0:
            return
        name, sep, cookie = part.partition("=")
        stripped = cookie.strip().strip('"')
        if sep and stripped:
            start = position + len(name) + len(sep) + cookie.index(stripped)
            yield start, start + len(stripped), stripped
        position += len(part) + 1


def _merged(spans: Iterable[Span]) -> list[Span]:
    """Overlapping spans become one, showing each label: a secret may straddle another's edge,
    and dropping either span would leave part of a secret in the clear."""
    merged: list[Span] = []
    for start, end, label in sorted(spans, key=lambda s: (s[0], -s[1])):
        if merged and start < merged[-1][1]:
            first, last, labels = merged[-1]
            shown = labels if label in labels else labels + label
            merged[-1] = (first, max(last, end), shown)
        else:
            merged.append((start, end, label))
    return merged
