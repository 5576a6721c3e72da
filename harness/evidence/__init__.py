"""What happened in a scenario (HTTP exchanges, browser navigations, notes), always redacted.

Pure data and rendering: nothing here sends a request.
"""

from harness.evidence._evidence import Evidence
from harness.evidence._records import (
    Exchange,
    Navigation,
    NavigationKind,
    Note,
    exchange_from_error,
    exchange_from_httpx,
)
from harness.evidence._redact import Redactor
from harness.evidence._render import Item, render_curl, render_text
from harness.evidence._urls import describe_url, error_params

__all__ = [
    "Evidence",
    "Exchange",
    "Item",
    "Navigation",
    "NavigationKind",
    "Note",
    "Redactor",
    "describe_url",
    "error_params",
    "exchange_from_error",
    "exchange_from_httpx",
    "render_curl",
    "render_text",
]
