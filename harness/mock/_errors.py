"""Error classes the mock adds to Authlib's (one per RFC error code), and Taskade's envelope.

Authlib's own UnsupportedResponseTypeError / UnsupportedGrantTypeError put the client's raw
value into error_description; these never echo client input (RFC 6749 §5.2 restricts the
description's characters).
"""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

from authlib.oauth2.rfc6749 import OAuth2Error


class UnsupportedResponseTypeError(OAuth2Error):  # type: ignore[misc]
    """RFC 6749 §4.1.2.1: the AS does not support this response_type (only ``code``)."""

    error = "unsupported_response_type"


class UnsupportedGrantTypeError(OAuth2Error):  # type: ignore[misc]
    """RFC 6749 §5.2: the grant type is not supported (only authorization_code, refresh_token)."""

    error = "unsupported_grant_type"


def envelope(status: int) -> dict[str, Any]:
    """Taskade's API error body: ``{"ok": false, "message", "code", "statusMessage"}``."""
    phrase = HTTPStatus(status).phrase
    code = phrase.upper().replace(" ", "_").replace("-", "_")
    return {"ok": False, "message": phrase, "code": code, "statusMessage": phrase}
