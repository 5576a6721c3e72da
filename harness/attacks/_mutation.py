"""A named change to one URI: the unit every attack family is made of."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import SplitResult, urlsplit

ATTACKER_HOST = "attacker.example"  # RFC 2606: never resolves; the browser aborts it anyway


class Mutation:
    """``apply`` turns the redirect URI a flow really sends into a hostile variant of it.

    ``name`` says what the variant tries (``userinfo-port-confusion``); ``family`` groups
    variants that one scenario explores. Shown by name in reports and Hypothesis output."""

    __slots__ = ("apply", "family", "name")

    def __init__(self, family: str, name: str, apply: Callable[[str], str]) -> None:
        self.family = family
        self.name = name
        self.apply = apply

    def __repr__(self) -> str:
        return f"{self.family}:{self.name}"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Mutation) and repr(self) == repr(other)

    def __hash__(self) -> int:
        return hash(repr(self))


@dataclass(frozen=True)
class Sent:
    """The parts of a well-formed URI that mutations rebuild: ``port`` is "" or ":8765"."""

    scheme: str
    host: str  # as written in the URI: 127.0.0.1, [::1], app.example.com
    port: str
    path: str
    query: str

    @classmethod
    def parse(cls, uri: str) -> Sent:
        parts: SplitResult = urlsplit(uri)
        netloc = parts.netloc.rpartition("@")[2]
        host, port = netloc, ""
        bracket = netloc.rfind("]")
        colon = netloc.rfind(":")
        if colon > bracket:
            host, port = netloc[:colon], netloc[colon:]
        return cls(parts.scheme, host, port, parts.path or "/", parts.query)

    def build(
        self,
        *,
        scheme: str | None = None,
        authority: str | None = None,
        path: str | None = None,
        query: str | None = None,
    ) -> str:
        authority = self.host + self.port if authority is None else authority
        query = self.query if query is None else query
        tail = f"?{query}" if query else ""
        return f"{scheme or self.scheme}://{authority}{self.path if path is None else path}{tail}"

    @property
    def is_ip_literal(self) -> bool:
        return self.host.startswith("[") or self.host.replace(".", "").isdigit()

    @property
    def is_loopback_ip(self) -> bool:
        return self.host in ("127.0.0.1", "[::1]")
