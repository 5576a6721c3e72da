"""The browser pages (login, consent, error) as plain HTML, and the headers that harden them.

Stable selectors (the contract): ``form#login`` with ``input[name=email]``,
``input[name=password]``, ``button[type=submit]``; ``form#consent`` with
``button[name=decision][value=allow]`` / ``[value=deny]``; the error page's ``#error``.
"""

from __future__ import annotations

from html import escape

from flask import Response

from harness.mock._state import DefectSet

_STYLE = (
    "body{font-family:system-ui,sans-serif;max-width:28rem;margin:3rem auto;padding:0 1rem}"
    "label{display:block;margin:.75rem 0}input{display:block;width:100%;padding:.4rem}"
    "button{margin:.75rem .5rem 0 0;padding:.5rem 1rem}.problem{color:#a00}"
)


def _page(title: str, body: str) -> str:
    return (
        '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)} · Taskade mock</title><style>{_STYLE}</style></head>"
        f"<body><main>{body}</main></body></html>\n"
    )


def login_page(client_name: str, action: str, csrf: str, failed: bool) -> str:
    problem = '<p class="problem" id="login-error">Wrong email or password.</p>' if failed else ""
    return _page(
        "Sign in",
        f"<h1>Sign in</h1><p>to continue to <strong>{escape(client_name)}</strong></p>{problem}"
        f'<form id="login" method="post" action="{escape(action)}">'
        f'<input type="hidden" name="csrf_token" value="{escape(csrf)}">'
        '<label>Email <input type="email" name="email" autocomplete="username" required></label>'
        '<label>Password <input type="password" name="password" '
        'autocomplete="current-password" required></label>'
        '<button type="submit">Sign in</button></form>',
    )


def consent_page(client_name: str, scope: str, user_email: str, action: str, csrf: str) -> str:
    scopes = "".join(f"<li>{escape(s)}</li>" for s in scope.split())
    return _page(
        "Authorize access",
        f"<h1>Authorize {escape(client_name)}</h1>"
        f"<p>Signed in as {escape(user_email)}. <strong>{escape(client_name)}</strong> asks "
        f'for access to your account:</p><ul id="scopes">{scopes}</ul>'
        f'<form id="consent" method="post" action="{escape(action)}">'
        f'<input type="hidden" name="csrf_token" value="{escape(csrf)}">'
        '<button type="submit" name="decision" value="allow">Allow</button>'
        '<button type="submit" name="decision" value="deny">Deny</button></form>',
    )


def error_page(code: str, description: str) -> str:
    return _page(
        "Authorization error",
        "<h1>This authorization request cannot be completed</h1>"
        f'<p id="error">{escape(code)}</p>'
        f'<p id="error-description">{escape(description)}</p>'
        "<p>Return to the application and try again.</p>",
    )


def html(body: str, status: int = 200) -> Response:
    return Response(body, status=status, mimetype="text/html")


def harden(response: Response, defects: DefectSet) -> Response:
    """Headers for every response (pages and the redirects between them)."""
    if not defects.on("frameable-pages"):
        # RFC 9700 §4.16: prevent clickjacking; CSP level 2 frame-ancestors plus legacy XFO.
        response.headers["Content-Security-Policy"] = "frame-ancestors 'none'"
        response.headers["X-Frame-Options"] = "DENY"
    if not defects.on("no-referrer-policy"):
        # RFC 9700 §4.2.4: no code or state leaks through Referer.
        response.headers["Referrer-Policy"] = "no-referrer"
    if response.mimetype == "text/html":
        response.headers["Cache-Control"] = "no-store"  # pages carry CSRF tokens
    return response
