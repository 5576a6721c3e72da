"""Playwright drivers: a real Chromium logs in and consents; the callback is caught on loopback.

Chromium discovery, the listener and TOTP are stdlib-only and imported eagerly, so
``python -m harness.browser.chromium`` works (fast) before anything else is importable; the
Playwright parts load on first use (PEP 562).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from harness.browser._chromium import (
    ENV_OVERRIDE,
    HOW_TO_GET_ONE,
    ChromiumNotFoundError,
    ensure_chromium,
    find_chromium,
    install_chromium,
)
from harness.browser._listener import (
    CallbackListener,
    LoopbackListeners,
    PortInUseError,
    hold_fixed_ports,
)
from harness.browser._remote import (
    BrowserUnreachableError,
    EndpointError,
    check_endpoint,
    describe_browser,
    parse_endpoint,
    shown_endpoint,
)
from harness.browser._tamper import FieldTamper, unapplied_tampers
from harness.browser._totp import hotp, totp

if TYPE_CHECKING:
    from harness.browser._authorize import Limits
    from harness.browser._framing import FramingResult
    from harness.browser._outcome import (
        Artifacts,
        AuthorizationOutcome,
        CapturedSubmit,
        Decision,
        RenderedPage,
        SignIn,
        Stopped,
    )
    from harness.browser._script import recognition_selectors
    from harness.browser._session import BASE_ARGS, BrowserError, BrowserSession, launch_args
    from harness.browser._trace import is_image, scrub_trace, text_of

_LAZY = {
    "Limits": "_authorize",
    "FramingResult": "_framing",
    "recognition_selectors": "_script",
    "Artifacts": "_outcome",
    "AuthorizationOutcome": "_outcome",
    "CapturedSubmit": "_outcome",
    "Decision": "_outcome",
    "RenderedPage": "_outcome",
    "SignIn": "_outcome",
    "Stopped": "_outcome",
    "BASE_ARGS": "_session",
    "BrowserError": "_session",
    "BrowserSession": "_session",
    "launch_args": "_session",
    "is_image": "_trace",
    "scrub_trace": "_trace",
    "text_of": "_trace",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'harness.browser' has no attribute {name!r}")
    return getattr(importlib.import_module(f"harness.browser.{module}"), name)


__all__ = [
    "BASE_ARGS",
    "ENV_OVERRIDE",
    "HOW_TO_GET_ONE",
    "Artifacts",
    "AuthorizationOutcome",
    "BrowserError",
    "BrowserSession",
    "BrowserUnreachableError",
    "CallbackListener",
    "CapturedSubmit",
    "ChromiumNotFoundError",
    "Decision",
    "EndpointError",
    "FieldTamper",
    "FramingResult",
    "Limits",
    "LoopbackListeners",
    "PortInUseError",
    "RenderedPage",
    "SignIn",
    "Stopped",
    "check_endpoint",
    "describe_browser",
    "ensure_chromium",
    "find_chromium",
    "hold_fixed_ports",
    "hotp",
    "install_chromium",
    "is_image",
    "launch_args",
    "parse_endpoint",
    "recognition_selectors",
    "scrub_trace",
    "shown_endpoint",
    "text_of",
    "totp",
    "unapplied_tampers",
]
