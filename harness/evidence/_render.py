"""Turning recorded items into a redacted transcript and into curl commands that replay them."""

from __future__ import annotations

import contextlib
import json
import re
import shlex
from collections.abc import Iterable
from http import HTTPStatus
from urllib.parse import parse_qsl, urlsplit

from harness.evidence._patterns import LABEL
from harness.evidence._records import Exchange, Navigation, Note, media_type
from harness.evidence._redact import Redactor

Item = Exchange | Navigation | Note

BODY_LIMIT = 4096  # characters of a body shown in a transcript
_INDENT = "  "
_FORM = "application/x-www-form-urlencoded"
# Headers curl sets itself (or that would be wrong to replay verbatim).
_CURL_SKIPS = frozenset({"host", "content-length", "accept-encoding", "connection", "user-agent"})


def render_text(items: Iterable[Item], redactor: Redactor) -> str:
    """A readable, redacted transcript: requests, responses, navigations and notes in order."""
    blocks: list[str] = []
    for item in items:
        if isinstance(item, Exchange):
            blocks.append("\n".join(_exchange_lines(item, redactor)))
        elif isinstance(item, Navigation):
            blocks.append(_navigation_line(item, redactor))
        else:
            blocks.append("# " + redactor.redact(item.text))
    return "\n\n".join(blocks)


def render_curl(items: Iterable[Item], redactor: Redactor) -> list[str]:
    """Lines that replay the scenario: comment lines saying how to fill each shell variable
    the commands use (``${CODE}``, ``${CLIENT_SECRET}`` …), then one curl command per exchange.
    A scenario that sent nothing through the harness (browser only) gets its authorization URL
    and the list of navigations instead."""
    items = list(items)
    exchanges = [item for item in items if isinstance(item, Exchange)]
    navigations = [item for item in items if isinstance(item, Navigation)]
    authorize = _authorization_url(navigations, redactor)
    if not exchanges:
        return _browser_recipe(navigations, authorize, redactor) if navigations else []
    commands = [_curl(exchange, redactor) for exchange in exchanges]
    used = sorted(set(_VARIABLE.findall("\n".join(commands))), key=_variable_order)
    if not used:
        return commands
    lines = ["# Fill these shell variables first (the transcript shows where each value was):"]
    for variable in used:
        lines += _how_to_fill(variable, authorize)
    return lines + commands


# RFC 7636 Appendix B's example pair: a verifier a reviewer can use for a fresh authorization.
EXAMPLE_VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"
EXAMPLE_CHALLENGE = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
_VARIABLE = re.compile(r"\$\{([A-Z][A-Z0-9_]*)\}")
_HOW_TO_FILL = {
    "CODE": "a fresh authorization code (single use, short-lived: RFC 6749 §4.1.2): open the "
    "authorization URL below in a browser, sign in as the target file's user, allow, and "
    "copy `code` from the URL the browser is sent to (its page may fail to load: the code is "
    "in the address bar). Against the bundled mock, start it first with `make mock` and use "
    "its authorize URL",
    "CODE_VERIFIER": f"the verifier of that authorization (RFC 7636 §4.1): put "
    f"code_challenge={EXAMPLE_CHALLENGE}&code_challenge_method=S256 in the authorization URL "
    f"and use {EXAMPLE_VERIFIER} (RFC 7636 Appendix B)",
    "CLIENT_SECRET": "the client's secret from the target file ([clients.<role>] secret, or "
    "the environment variable it names; `make mock` prints the mock's)",
    "PASSWORD": "the target user's password (the target file's [user] password)",
    "ACCESS_TOKEN": "an access_token from a token response (the code exchange, run with a "
    "fresh CODE)",
    "REFRESH_TOKEN": "a refresh_token from a token response (the code exchange)",
    "ID_TOKEN": "the id_token of a token response",
    "TOKEN": "the token this request carried (an access or a refresh token, see the transcript)",
    "COOKIE": "the session cookie the server set at sign-in (the browser's developer tools)",
    "CSRF_TOKEN": "the anti-CSRF value of the page the form came from (its hidden field)",
    "CLIENT_ASSERTION": "a client assertion for the client (RFC 7521)",
}


def _variable_order(variable: str) -> tuple[int, str]:
    base = re.sub(r"_\d+$", "", variable)
    order = list(_HOW_TO_FILL)
    return (order.index(base) if base in order else len(order), variable)


def _how_to_fill(variable: str, authorize: str | None) -> list[str]:
    base, _, number = (
        variable.rpartition("_") if re.search(r"_\d+$", variable) else (variable, "", "")
    )
    how = _HOW_TO_FILL.get(
        base,
        "the secret value the transcript labels here (a target file "
        "secret, or a value the server issued)",
    )
    if number:
        how = f"a second, different value of the same kind as {base}: {how}"
    lines = [f"#   {variable}: {how}"]
    if base == "CODE" and not number and authorize is not None:
        lines.append(f"#     authorization URL: {authorize}")
    return lines


def _authorization_url(navigations: list[Navigation], redactor: Redactor) -> str | None:
    """The first authorization request the browser made (RFC 6749 §4.1.1: it carries
    ``response_type``), redacted."""
    for navigation in navigations:
        query = dict(parse_qsl(urlsplit(navigation.url).query))
        if navigation.kind == "request" and "response_type" in query:
            return redactor.redact(navigation.url)
    return None


def _browser_recipe(
    navigations: list[Navigation], authorize: str | None, redactor: Redactor
) -> list[str]:
    lines = ["# No HTTP request went through the harness: this scenario drove the browser only."]
    if authorize is not None:
        lines += [
            "# Open this authorization URL in a browser and sign in as the target file's user:",
            f"#   {authorize}",
        ]
    lines.append("# The browser's navigations, in order:")
    lines += [f"#   {_navigation_line(n, redactor)}" for n in navigations if n.is_main_frame]
    return lines


def _exchange_lines(exchange: Exchange, redactor: Redactor) -> list[str]:
    lines = [f"→ {exchange.method} {redactor.redact(exchange.url)}"]
    lines += _headers_and_body(exchange.request_headers, exchange.request_body, redactor)
    took = f"({exchange.elapsed_s * 1000:.0f} ms)"
    if exchange.status is None:
        error = redactor.redact(exchange.error or "transport error")
        lines.append(f"✗ no response: {error} {took}")
        return lines
    status = f"{exchange.status} {_reason(exchange.status)}".strip()
    lines.append(f"← {status} {took}")
    lines += _headers_and_body(exchange.response_headers, exchange.response_body, redactor)
    return lines


def _reason(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return ""


def _headers_and_body(headers: list[tuple[str, str]], body: bytes, redactor: Redactor) -> list[str]:
    lines = [f"{_INDENT}{name}: {redactor.redact_header(name, value)}" for name, value in headers]
    if body:
        lines.append("")
        lines += [_INDENT + line for line in _body_text(headers, body, redactor).splitlines()]
    return lines


def _body_text(headers: list[tuple[str, str]], body: bytes, redactor: Redactor) -> str:
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        return f"[{len(body)} bytes of binary data]"
    if "\x00" in text:
        return f"[{len(body)} bytes of binary data]"
    media = media_type(headers)
    if media.endswith("json") or text.lstrip()[:1] in ("{", "["):
        with contextlib.suppress(ValueError):
            text = json.dumps(json.loads(text), indent=2, ensure_ascii=False)
    # Redact before truncating: a cut could leave a prefix of a secret unrecognised.
    text = redactor.redact(text)
    if len(text) > BODY_LIMIT:
        cut = BODY_LIMIT
        for label in LABEL.finditer(text, max(0, cut - 64), cut + 64):
            if label.start() < cut < label.end():
                cut = label.end()
        if cut < len(text):
            hidden = len(text) - cut
            text = f"{text[:cut]}\n… [truncated: {hidden} more characters not shown]"
    return text


def _navigation_line(navigation: Navigation, redactor: Redactor) -> str:
    url = redactor.redact(navigation.url)
    frame = "" if navigation.is_main_frame else " (subframe)"
    if navigation.kind == "request":
        return f"⇢ {navigation.method} {url}{frame}"
    if navigation.kind == "failed":
        return f"⇢ failed: {url} ({navigation.failure}){frame}"
    status = "" if navigation.status is None else f"{navigation.status} "
    suffix = " (redirect)" if navigation.kind == "redirect" else ""
    return f"⇢ {status}{url}{suffix}{frame}"


def _form_pairs(body: bytes) -> list[tuple[str, str]] | None:
    """The decoded fields of a form body, or None if it would not survive --data-urlencode."""
    try:
        text = body.decode("ascii")
    except UnicodeDecodeError:
        return None
    pieces = text.split("&") if text else []
    if any("=" not in piece or piece.startswith("=") for piece in pieces):
        return None
    return parse_qsl(text, keep_blank_values=True)


def _curl(exchange: Exchange, redactor: Redactor) -> str:
    url = redactor.redact(exchange.url)
    words = ["curl", "-sS"]
    if any(c in url for c in "[]{}"):
        words.append("-g")  # curl would read brackets and braces as URL globs
    if exchange.method.upper() != "GET":
        words += ["-X", shlex.quote(exchange.method)]
    words.append(_shell_word(url, redactor))
    form = _form_pairs(exchange.request_body)
    is_form = media_type(exchange.request_headers) == _FORM and form is not None
    # curl -u sends one Authorization field: two field lines (an attack) are sent as they were.
    lines = sum(1 for name, _ in exchange.request_headers if name.lower() == "authorization")
    for name, value in exchange.request_headers:
        lowered = name.lower()
        if lowered in _CURL_SKIPS or (is_form and lowered == "content-type"):
            continue
        basic = _basic_user(name, value, redactor) if lines == 1 else None
        if basic is not None:
            words += ["-u", _shell_word(basic, redactor)]
        else:
            header = f"{name}: {redactor.redact_header(name, value)}"
            words += ["-H", _shell_word(header, redactor)]
    if is_form and form is not None:
        for field, value in form:
            pair = f"{field}={redactor.redact_field(field, value)}"
            words += ["--data-urlencode", _shell_word(pair, redactor)]
    elif exchange.request_body:
        body = redactor.redact(exchange.request_body.decode("utf-8", "replace"))
        words += ["--data-binary", _shell_word(body, redactor)]
    return " ".join(words)


def _basic_user(name: str, value: str, redactor: Redactor) -> str | None:
    """``user:<label>`` for curl's -u when the header is HTTP Basic, else None."""
    scheme, _, credentials = value.strip().partition(" ")
    if name.lower() != "authorization" or scheme.lower() != "basic":
        return None
    if redactor.is_public(credentials.strip()):
        return None  # a made-up credential: the header is replayed as it was
    parts = redactor.redact_basic(credentials.strip())
    return None if parts is None else f"{parts[0]}:{parts[1]}"


def _shell_word(text: str, redactor: Redactor) -> str:
    """``text`` quoted for a POSIX shell, its labels turned into variable expansions."""
    pieces: list[str] = []
    position = 0
    for match in LABEL.finditer(text):
        variable = redactor.shell_variable(match.group(0))
        if variable is None:
            continue
        pieces.append(_escape_double(text[position : match.start()]))
        pieces.append("${" + variable + "}")
        position = match.end()
    if not pieces:
        quoted = shlex.quote(text)
        return quoted if quoted.startswith("'") else f"'{text}'"
    pieces.append(_escape_double(text[position:]))
    return '"' + "".join(pieces) + '"'


def _escape_double(text: str) -> str:
    return re.sub(r'([\\"$`])', r"\\\1", text)
