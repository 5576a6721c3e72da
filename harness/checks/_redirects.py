"""Where the browser went after a request whose redirect_uri is not registered.

RFC 6749 §3.1.2.4 and §4.1.2.1: on a missing, invalid or mismatching redirection URI the
authorization server informs the user and MUST NOT automatically redirect the user-agent to the
invalid URI; RFC 9700 §4.1.3: only an exact match (the loopback port aside) is registered.
Judged on the browser's own navigation log, so what counts is where the browser really went,
whatever the server's URL parser made of the variant.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from urllib.parse import parse_qs, urlsplit

from harness.checks._authz import NavigationCheck
from harness.checks._violation import Violation
from harness.evidence import Navigation, describe_url

_DEFAULT_PORTS = {"http": 80, "https": 443}
_BROWSER_OWN = ("about:", "chrome-error:", "chrome:")


def origin(url: str) -> tuple[str, str, int | None]:
    """(scheme, host, port) as the browser navigates it; the default port made explicit."""
    parts = urlsplit(url)
    try:
        port = parts.port or _DEFAULT_PORTS.get(parts.scheme)
    except ValueError:
        port = None
    return parts.scheme, (parts.hostname or ""), port


def _params(url: str) -> dict[str, list[str]]:
    parts = urlsplit(url)
    found = parse_qs(parts.query, keep_blank_values=True)
    for key, values in parse_qs(parts.fragment, keep_blank_values=True).items():
        found.setdefault(key, []).extend(values)
    return found


def redirect_refused(
    registered: str,
    server: str,
    ref: str,
    why: str,
    *,
    server_hosts: Collection[str] = (),
) -> NavigationCheck:
    """After a request naming an unregistered ``redirect_uri``: no navigation carries a code;
    none goes to an origin other than the server's (``server``, the authorization endpoint, or
    a host in ``server_hosts``) and the ``registered`` redirect URI's; and none brings an
    authorization response (``error``, ``state``) to the registered origin on another path."""
    ours = origin(server)
    home = origin(registered)
    home_path = urlsplit(registered).path or "/"

    def check(navigations: Sequence[Navigation]) -> Violation | None:
        for nav in navigations:
            if nav.kind == "failed" and "ERR_INVALID_REDIRECT" in (nav.failure or ""):
                # The server answered with a redirect the browser refused to follow: a
                # Location built from the unparseable URI it was sent.
                return Violation(
                    why,
                    "an error page, and no redirect to the unregistered URI",
                    f"a redirect the browser could not follow ({nav.failure}) in answer to "
                    f"{nav.method} {describe_url(nav.url)}",
                    ref,
                )
            if nav.kind in ("response", "failed") or nav.url.startswith(_BROWSER_OWN):
                continue
            where = origin(nav.url)
            params = _params(nav.url)
            on_server = where == ours or where[1] in server_hosts
            if "code" in params and not on_server:
                actual = f"a redirect carrying a code: {nav.method} {describe_url(nav.url)}"
            elif not on_server and where != home:
                actual = f"the browser was sent to {describe_url(nav.url)}"
            elif (
                where == home
                and not on_server
                and (urlsplit(nav.url).path or "/") != home_path
                and {"error", "state", "code"} & params.keys()
            ):
                actual = f"an authorization response sent to {describe_url(nav.url)}"
            else:
                continue
            return Violation(
                why, "an error page, and no redirect to the unregistered URI", actual, ref
            )
        return None

    return check


def no_server_error_page(server: str, ref: str, why: str) -> NavigationCheck:
    """No document of the server's origin was answered with a 5xx status."""
    ours = origin(server)

    def check(navigations: Sequence[Navigation]) -> Violation | None:
        for nav in navigations:
            status = nav.status or 0
            if nav.kind == "response" and status >= 500 and origin(nav.url) == ours:
                return Violation(
                    why,
                    "a 4xx error page that tells the user what is wrong",
                    f"HTTP {status} at {describe_url(nav.url)}",
                    ref,
                )
        return None

    return check
