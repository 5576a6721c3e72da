"""Reading a target's declarative browser script: page recognition and field templates."""

from __future__ import annotations

import string
from collections.abc import Callable

from harness.browser._totp import totp
from harness.targets import BrowserScript, PageTask, UserConfig

TEMPLATE_FIELDS = ("username", "password", "totp")
DEFAULT_ERROR_SELECTOR = "#error"

# One look at the document, answered at once: -2 the browser's own error page; -3 a document
# whose URL starts like the redirect URI or a watched URL (Python decides); -1 nothing known;
# -4 a known page whose stylesheets and images are still loading (a click now could land where
# the button was before the layout moved; ``patient`` accepts it anyway once loading has taken
# too long); i + 1 for the first selector shown that was not already acted on in this very
# document (``MARK_JS``, run when the driver acts; the marker dies with the document, so a new
# document is looked at fresh).
LOOK_JS = """({sels, stops, patient}) => {
  const href = location.href;
  if (href.startsWith("chrome-error:")) return -2;
  if (stops.some(p => href.startsWith(p))) return -3;
  const shown = s => { try { return !!document.querySelector(s) } catch (e) { return false } };
  const index = sels.findIndex(shown);
  if (index < 0 || window.__harnessActed === index) return -1;
  return document.readyState === "complete" || patient ? index + 1 : -4;
}"""
LOOK_NOTHING, LOOK_BROWSER_ERROR, LOOK_STOP, LOOK_LOADING = -1, -2, -3, -4
MARK_JS = "index => { window.__harnessActed = index }"
SHOWN_JS = "sel => { try { return !!document.querySelector(sel) } catch (e) { return false } }"


def template_fields(template: str, where: str) -> set[str]:
    """The ``{fields}`` a template uses; ValueError (one line naming ``where``) on others."""
    used: set[str] = set()
    try:
        parsed = list(string.Formatter().parse(template))
    except ValueError as exc:
        raise ValueError(f"{where}: bad template ({exc})") from None
    for _literal, field, spec, conversion in parsed:
        if field is None:
            continue
        if field not in TEMPLATE_FIELDS or spec or conversion:
            allowed = ", ".join("{" + name + "}" for name in TEMPLATE_FIELDS)
            raise ValueError(f"{where}: unknown template field {{{field}}} (use {allowed})")
        used.add(field)
    return used


def validate_script(script: BrowserScript) -> None:
    """Fail before launching anything if a template is malformed (one line naming the field)."""
    for task in script.pages:
        for selector, template in task.fill:
            template_fields(template, f"browser page {task.name!r} field {selector!r}")


def expand(template: str, user: UserConfig | None, clock: Callable[[], float], where: str) -> str:
    """Fill ``{username}`` / ``{password}`` / ``{totp}``; the TOTP is computed only when used.

    Checked when the page is reached, not before: a script may list pages (a TOTP step) that
    this user never sees.
    """
    out: list[str] = []
    for literal, field, _spec, _conversion in string.Formatter().parse(template):
        out.append(literal)
        if field is None:
            continue
        if user is None:
            raise ValueError(f"{where} needs {{{field}}}, but the target has no [user]")
        if field == "username":
            out.append(user.username)
        elif field == "password":
            out.append(user.password)
        elif field == "totp" and user.totp_secret:
            out.append(totp(user.totp_secret, clock()))
        else:
            raise ValueError(f"{where} needs {{{field}}}, but the user has no totp_secret")
    return "".join(out)


def recognition_selectors(script: BrowserScript) -> list[str]:
    """Error page first (it is terminal), then each page task in script order."""
    return [script.error_selector or DEFAULT_ERROR_SELECTOR, *(t.selector for t in script.pages)]


def action_selector(task: PageTask, decision: str) -> str:
    """The button to press: ``deny`` on a page that offers one when denying, else ``submit``."""
    if decision == "deny" and task.deny:
        return task.deny
    return task.submit
