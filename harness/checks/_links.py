"""Checks on the URLs a response tells the browser to go to: its Location and its forms."""

from __future__ import annotations

from html.parser import HTMLParser

from harness.checks._http import ExchangeCheck
from harness.checks._view import header_values, media_type
from harness.checks._violation import Violation
from harness.evidence import Exchange, describe_url


class _FormActions(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.actions: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        action = dict(attrs).get("action") if tag == "form" else None
        if action:
            self.actions.append(action)


def generated_urls(exchange: Exchange) -> list[str]:
    """The URLs the server built for the browser: ``Location`` and every HTML form's action."""
    urls = header_values(exchange, "location")
    if media_type(exchange) in ("text/html", "application/xhtml+xml"):
        parser = _FormActions()
        parser.feed(exchange.response_body.decode("utf-8", "replace"))
        parser.close()
        urls += parser.actions
    return urls


def urls_avoid_host(host: str, ref: str, why: str) -> ExchangeCheck:
    """No URL the server built for the browser names ``host`` (as its host or anywhere in it):
    a host taken from a request header (Host, X-Forwarded-Host) would send the user there."""

    def check(exchange: Exchange) -> Violation | None:
        hits = [url for url in generated_urls(exchange) if host.lower() in url.lower()]
        if not hits:
            return None
        shown = "; ".join(_where(url, host) for url in hits[:3])
        return Violation(why, f"Location and form actions that do not name {host}", shown, ref)

    return check


def _where(url: str, host: str) -> str:
    """The URL without its query values (they may be secrets), and where ``host`` sits in it."""
    shown = describe_url(url)
    return shown if host.lower() in shown.lower() else f"{shown} ({host} in its query)"
