"""A client's registered redirect URI and the form it takes: how the harness sends and catches it.

Three forms, chosen from what the target file says (never guessed from the network):

- ``loopback-any-port``: ``http://127.0.0.1/cb`` or ``http://[::1]/cb`` as registered, and the AS
  lets the port vary (RFC 8252 §7.3). Each worker sends its own listener's port.
- ``loopback-fixed-port``: a loopback ``http`` URI sent exactly as registered
  (``http://127.0.0.1:8765/cb``, ``http://localhost:3000/cb``). The run holds that port once, so
  parallel workers never collide and no other program receives a code.
- ``app-uri``: any other URI (``https://app.example.com/oauth/callback``), sent exactly as
  registered; the callback is caught from the browser's request log and the navigation stops
  there (the browser resolves no outside host, so nothing leaves the machine).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal
from urllib.parse import urlsplit, urlunsplit

RedirectForm = Literal["loopback-any-port", "loopback-fixed-port", "app-uri"]
PortPolicy = Literal["any", "as-registered"]
PORT_POLICIES: tuple[PortPolicy, ...] = ("any", "as-registered")
LOOPBACK_IP_LITERALS = frozenset({"127.0.0.1", "::1"})
LOOPBACK_NAMES = frozenset({*LOOPBACK_IP_LITERALS, "localhost"})
_DEFAULT_PORTS = {"http": 80, "https": 443}


class RedirectUriError(ValueError):
    """The URI and the port policy do not fit together; one line, no file name."""


@dataclass(frozen=True)
class RedirectUri:
    """A registered redirect URI (RFC 6749 §3.1.2) and how the harness uses it."""

    registered: str
    form: RedirectForm

    @property
    def host(self) -> str:
        """The host without IPv6 brackets (``::1``), lower case."""
        return (urlsplit(self.registered).hostname or "").lower()

    @property
    def port(self) -> int | None:
        """The fixed port (written, or the scheme's default); None for ``loopback-any-port``."""
        if self.form == "loopback-any-port":
            return None
        parts = urlsplit(self.registered)
        return parts.port if parts.port is not None else _DEFAULT_PORTS.get(parts.scheme)

    def with_port(self, port: int) -> str:
        """The URI a worker sends on ``port``; only the any-port form may be moved."""
        if self.form != "loopback-any-port":
            raise ValueError(f"{self.form} redirect URIs are sent as registered")
        parts = urlsplit(self.registered)
        host = f"[{self.host}]" if ":" in self.host else self.host
        return urlunsplit(parts._replace(netloc=f"{host}:{port}"))

    def describe(self) -> str:
        """One phrase for the report header."""
        if self.form == "loopback-any-port":
            return "loopback, any port (RFC 8252 §7.3): each worker sends its listener's port"
        if self.form == "loopback-fixed-port":
            return f"loopback, fixed port {self.port}: sent as registered; the run holds the port"
        return "the app's own URI: sent as registered; caught from the browser's request log"


def redirect_uri(uri: str, policy: PortPolicy | None) -> RedirectUri:
    """Classify ``uri`` under ``policy`` (None: the default for its shape).

    The default is ``any`` for a loopback IP literal without a port (RFC 8252 §7.3 obliges the
    AS to accept any port there) and ``as-registered`` for everything else. Raises
    RedirectUriError when ``any`` is asked of a URI that cannot vary its port.
    """
    parts = urlsplit(uri)
    host = (parts.hostname or "").lower()
    try:
        written_port = parts.port
    except ValueError:
        raise RedirectUriError("the port is not a number from 1 to 65535") from None
    loopback_http = parts.scheme == "http" and host in LOOPBACK_NAMES
    if policy is None:
        policy = (
            "any"
            if loopback_http and host in LOOPBACK_IP_LITERALS and not written_port
            else ("as-registered")
        )
    if policy == "any":
        if not loopback_http:
            raise RedirectUriError(
                "only a loopback http redirect URI may vary its port (RFC 8252 §7.3)"
            )
        if written_port is not None:
            raise RedirectUriError(
                "it has a port; with 'any' write the URI as registered, without one"
            )
        return RedirectUri(uri, "loopback-any-port")
    return RedirectUri(uri, "loopback-fixed-port" if loopback_http else "app-uri")
