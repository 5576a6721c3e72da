"""Filling and clicking with trusted input events, without Playwright's selector engine.

``page.fill`` / ``page.click`` first inject Playwright's selector engine into each new document
and wait for actionability over animation frames: about a tenth of a second per page here, paid
on every new document. For a field or button that is
plainly ready (present, visible, enabled, not covered) we focus it or find its centre with one
small evaluation and then type or click through the browser's input pipeline (CDP Input events:
``isTrusted`` is true, as for a person). Anything less plain falls back to Playwright's own
``fill`` / ``click``, which wait for the element to become actionable.
"""

from __future__ import annotations

from playwright.sync_api import Page

# "ok" once the element is focused and empty, so that typing gives it exactly the new value.
_FOCUS_JS = """sel => {
  const e = document.querySelector(sel);
  if (!e || e.disabled || e.readOnly) return "not-ready";
  const r = e.getBoundingClientRect();
  if (r.width === 0 || r.height === 0 || getComputedStyle(e).visibility !== "visible") {
    return "not-ready";
  }
  e.focus();
  if (document.activeElement !== e) return "not-ready";
  if ("value" in e) e.value = "";
  else return "not-ready";
  return "ok";
}"""

# The element's centre in viewport CSS pixels, if a click there would reach it.
_CENTRE_JS = """sel => {
  const e = document.querySelector(sel);
  if (!e || e.disabled) return null;
  e.scrollIntoView({block: "center", inline: "center"});
  const r = e.getBoundingClientRect();
  if (r.width === 0 || r.height === 0 || getComputedStyle(e).visibility !== "visible") return null;
  const x = r.left + r.width / 2, y = r.top + r.height / 2;
  const hit = document.elementFromPoint(x, y);
  return hit && (hit === e || e.contains(hit)) ? [x, y] : null;
}"""


def fill(page: Page, selector: str, value: str, timeout_ms: float) -> None:
    """Replace the field's text with ``value``, typed as input events."""
    if not value or page.evaluate(_FOCUS_JS, selector) != "ok":
        page.fill(selector, value, timeout=timeout_ms)
        return
    page.keyboard.insert_text(value)


def click(page: Page, selector: str, timeout_ms: float) -> None:
    """Click the element's centre with the mouse; do not wait for what the click starts."""
    centre = page.evaluate(_CENTRE_JS, selector)
    if not (isinstance(centre, list) and len(centre) == 2):
        page.click(selector, timeout=timeout_ms, no_wait_after=True)
        return
    page.mouse.click(float(centre[0]), float(centre[1]))
