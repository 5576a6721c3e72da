"""Hostile variants of a registered redirect URI, by family (RFC 9700 §4.1.3, §2.1).

Every variant is built from the redirect URI the flow really sends (its port included), so a
server's own loopback-port handling sees the hostile input. The corpora hold the payloads that
broke real servers (OAuch's RedirectUriConfusionTest, OAUTHScan's INJ_REDIR, published
advisories); the strategies recombine their pieces so a search goes beyond the listed ones.
An exact-matching server refuses every one of them (RFC 6749 §3.1.2.3: simple string
comparison), whatever a browser would later make of the URL.
"""

from __future__ import annotations

from hypothesis import strategies as st

from harness.attacks._mutation import ATTACKER_HOST, Mutation, Sent

FAKE = "FAKEPATH"
TRAVERSALS = ("..", "%2e%2e", ".%2e", "%252e%252e", "..;", "%2e%2e;")
SEPARATORS = ("/", "%2F", "%252F", "\\", "%5C", ";/")


def _path_case(uri: str) -> str:
    sent = Sent.parse(uri)
    swapped = sent.path.swapcase()
    return sent.build(path=swapped if swapped != sent.path else sent.path + "X")


def _path(name: str, change: str) -> Mutation:
    """``change`` is a format string over the sent path: ``{p}/FAKEPATH/..``."""

    def apply(uri: str) -> str:
        sent = Sent.parse(uri)
        return sent.build(path=change.format(p=sent.path, f=FAKE))

    return Mutation("path", name, apply)


PATH_CORPUS: tuple[Mutation, ...] = (
    _path("fakepath-dotdot-suffix", "{p}/{f}/.."),
    _path("fakepath-dotdot-prefix", "/{f}/..{p}"),
    _path("encoded-slash", "{p}%2F{f}"),
    _path("dotdot-encoded-slash", "{p}/..%2F{f}"),
    _path("encoded-dots", "{p}/%2e%2e/{f}"),
    _path("encoded-dots-prefix", "/{f}/%2e%2e{p}"),
    _path("double-encoded-slash", "{p}%252F{f}"),
    _path("double-encoded-dots", "{p}/%252e%252e/{f}"),
    _path("semicolon-traversal", "{p}/;/../../{f}"),
    _path("dotdot-semicolon", "{p}/..;/{f}"),
    _path("semicolon-parameter", "{p};{f}=1"),
    _path("crlf-traversal", "{p}%0d%0a/../{f}"),
    _path("backslash-traversal", "{p}\\..\\{f}"),
    _path("dot-segment", "{p}/."),
    _path("encoded-nul", "{p}%00{f}"),
)


@st.composite
def _path_variants(draw: st.DrawFn) -> Mutation:
    traversal = draw(st.sampled_from(TRAVERSALS))
    separator = draw(st.sampled_from(SEPARATORS))
    where = draw(st.sampled_from(("suffix", "prefix")))
    if where == "suffix":
        change = "{p}" + separator + "{f}" + separator + traversal
    else:
        change = separator + "{f}" + separator + traversal + "{p}"
    return _path(f"{where}[{separator}{FAKE}{separator}{traversal}]", change)


def _authority(name: str, build: str) -> Mutation:
    """``build`` formats the authority from ``h`` (host), ``o`` (":port" or "") and ``a``
    (the attacker host)."""

    def apply(uri: str) -> str:
        sent = Sent.parse(uri)
        return sent.build(authority=build.format(h=sent.host, o=sent.port, a=ATTACKER_HOST))

    return Mutation("authority", name, apply)


AUTHORITY_CORPUS: tuple[Mutation, ...] = (
    # The field case: only the port may vary (RFC 8252 §7.3), never what precedes an "@".
    _authority("userinfo-port-confusion", "{h}:1@{a}"),
    _authority("userinfo-host", "{h}@{a}"),
    _authority("userinfo-host-port", "{h}{o}@{a}"),
    _authority("registered-as-userinfo", "{a}@{h}{o}"),
    _authority("host-suffix", "{h}.{a}{o}"),
    _authority("backslash-userinfo", "{h}{o}\\@{a}"),
    _authority("encoded-at", "{h}{o}%40{a}"),
    _authority("fragment-authority", "{a}#@{h}{o}"),
    _authority("question-authority", "{a}?@{h}{o}"),
)


def _ip_form(name: str, literal: str, replacement: str) -> Mutation:
    def apply(uri: str) -> str:
        sent = Sent.parse(uri)
        host = replacement if sent.host == literal else f"{sent.host}.{ATTACKER_HOST}"
        return sent.build(authority=host + sent.port)

    return Mutation("authority", name, apply)


# Other spellings of the same loopback address: the browser goes to 127.0.0.1 alike, but they
# are not the string registered (RFC 6749 §3.1.2.3).
IP_FORMS: tuple[Mutation, ...] = (
    _ip_form("ipv4-decimal", "127.0.0.1", "2130706433"),
    _ip_form("ipv4-hex", "127.0.0.1", "0x7f.0.0.1"),
    _ip_form("ipv4-octal", "127.0.0.1", "0177.0.0.1"),
    _ip_form("ipv4-short", "127.0.0.1", "127.1"),
    _ip_form("ipv4-mapped-ipv6", "127.0.0.1", "[::ffff:127.0.0.1]"),
    _ip_form("sibling-loopback", "127.0.0.1", "127.0.0.2"),
    _ip_form("ipv6-expanded", "[::1]", "[0:0:0:0:0:0:0:1]"),
)


def _sibling_name(uri: str) -> str:
    sent = Sent.parse(uri)
    labels = sent.host.split(".")
    host = ".".join(["attacker", *labels[1:]]) if len(labels) > 1 else f"{sent.host}-attacker"
    return sent.build(authority=host + sent.port)


def _port_changed(uri: str) -> str:
    sent = Sent.parse(uri)
    port = ":8443" if sent.port != ":8443" else ":9443"
    return sent.build(authority=sent.host + port)


NAMED_HOST_FORMS: tuple[Mutation, ...] = (
    Mutation("authority", "sibling-host", _sibling_name),
    # RFC 8252 §7.3 lets only a loopback IP literal's port vary.
    Mutation("authority", "port-changed", _port_changed),
)


def authority_corpus(redirect_uri: str) -> tuple[Mutation, ...]:
    """The authority tricks that apply to this redirect URI's kind of host."""
    sent = Sent.parse(redirect_uri)
    if sent.is_loopback_ip:
        forms = tuple(m for m in IP_FORMS if _applies(m, sent))
    else:
        forms = NAMED_HOST_FORMS
    return (*AUTHORITY_CORPUS, *forms)


def _applies(mutation: Mutation, sent: Sent) -> bool:
    return ATTACKER_HOST not in mutation.apply(sent.build())


@st.composite
def _authority_variants(draw: st.DrawFn) -> Mutation:
    user = draw(st.sampled_from(("{h}", "{h}{o}", "{h}:1", "{h}:{h}", "")))
    between = draw(st.sampled_from(("@", "%40", "\\@", "@@", ":@")))
    tail = draw(st.sampled_from(("{a}", "{a}{o}", "{h}.{a}", "{a}.{h}{o}")))
    return _authority(f"[{user}{between}{tail}]", user + between + tail)


def _scheme(name: str, scheme_of: dict[str, str]) -> Mutation:
    def apply(uri: str) -> str:
        sent = Sent.parse(uri)
        return sent.build(scheme=scheme_of.get(sent.scheme, "com.example.app"))

    return Mutation("scheme", name, apply)


def _pollution(name: str, extra: str) -> Mutation:
    def apply(uri: str) -> str:
        sent = Sent.parse(uri)
        return sent.build(query="&".join(q for q in (sent.query, extra) if q))

    return Mutation("pollution", name, apply)


SCHEME_AND_CASE_CORPUS: tuple[Mutation, ...] = (
    _scheme("scheme-changed", {"https": "http", "http": "https"}),  # downgrade, or a new origin
    _scheme("scheme-custom", {}),  # an app's private-use scheme (RFC 8252 §7.1)
    Mutation("case", "path-case", _path_case),
)

POLLUTION_CORPUS: tuple[Mutation, ...] = (
    _pollution("code-pollution", "code=attackercode"),  # catalogue #15
    _pollution("redirect-uri-pollution", f"redirect_uri=https://{ATTACKER_HOST}/callback"),
    _pollution("state-pollution", "state=attacker"),
)


def _malformed(name: str, build: str) -> Mutation:
    def apply(uri: str) -> str:
        sent = Sent.parse(uri)
        return build.format(
            s=sent.scheme, h=sent.host, o=sent.port, p=sent.path, u=sent.build(), a=ATTACKER_HOST
        )

    return Mutation("malformed", name, apply)


# RFC 6749 §3.1.2: absolute, no fragment. None of these can be a registered redirect URI; the
# server tells the user (a 4xx page), never a 5xx and never a redirect (§3.1.2.4, catalogue #21).
MALFORMED_CORPUS: tuple[Mutation, ...] = (
    _malformed("unclosed-ipv6-bracket", "{s}://[::1"),
    _malformed("unclosed-bracket-with-path", "{s}://[{h}{o}{p}"),
    _malformed("port-out-of-range", "{s}://{h}:99999{p}"),
    _malformed("port-not-a-number", "{s}://{h}:abc{p}"),
    _malformed("space-in-path", "{s}://{h}{o}{p} x"),
    _malformed("crlf-in-path", "{s}://{h}{o}{p}\r\nX-Injected: 1"),
    _malformed("encoded-hash-in-path", "{s}://{h}{o}{p}%23!/signin"),
    _malformed("fragment", "{u}#x"),  # catalogue #18
    _malformed("empty-fragment", "{u}#"),
    _malformed("relative", "{p}"),
    _malformed("no-host", "{s}://{p}"),
    _malformed("javascript-scheme", "javascript:alert(document.domain)//{h}{o}{p}"),
    _malformed("data-scheme", "data:text/html,<a href='{u}'>x</a>"),
    _malformed("nul-byte", "{u}\x00"),
)

FAMILIES: dict[str, st.SearchStrategy[Mutation]] = {
    "path": _path_variants(),
    "authority": _authority_variants(),
}


def corpus(family: str, redirect_uri: str) -> tuple[Mutation, ...]:
    """The listed payloads of ``family`` for this redirect URI, one per distinct variant (a
    portless URI makes some coincide); KeyError for an unknown family."""
    unique: dict[str, Mutation] = {}
    for mutation in _listed(family, redirect_uri):
        unique.setdefault(mutation.apply(redirect_uri), mutation)
    return tuple(unique.values())


def _listed(family: str, redirect_uri: str) -> tuple[Mutation, ...]:
    if family == "path":
        return PATH_CORPUS
    if family == "authority":
        return authority_corpus(redirect_uri)
    if family == "scheme-and-case":
        return SCHEME_AND_CASE_CORPUS
    if family == "pollution":
        return POLLUTION_CORPUS
    if family == "malformed":
        return MALFORMED_CORPUS
    raise KeyError(family)


def generated(family: str) -> st.SearchStrategy[Mutation] | None:
    """Recombinations of the family's pieces, or None when the corpus is the whole family."""
    return FAMILIES.get(family)
