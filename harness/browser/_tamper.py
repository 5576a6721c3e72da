"""Declarative tampering with a page's form fields just before the driver submits the page.

Scenarios use it to send what a well-behaved browser never would, e.g. a consent form whose
anti-CSRF token is missing or wrong (RFC 6749 §10.12), and see what the server does with it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from playwright.sync_api import Page

# Answers how many fields matched (and were changed); -1 for a selector the browser rejects.
TAMPER_JS = """([sel, value]) => {
  let fields;
  try { fields = Array.from(document.querySelectorAll(sel)) } catch (e) { return -1 }
  for (const f of fields) { if (value === null) f.remove(); else f.value = value; }
  return fields.length;
}"""


class FieldTamper(NamedTuple):
    """On the browser-script page named ``page``, after its fields are filled and before its
    button is clicked: set every element matching ``selector`` to ``value``, or remove those
    elements from the document when ``value`` is None."""

    page: str
    selector: str
    value: str | None = None


def apply_tampers(
    page: Page, page_name: str, tampers: Sequence[FieldTamper]
) -> list[tuple[FieldTamper, int]]:
    """Apply the tampers meant for ``page_name``; each with the number of fields it changed."""
    applied: list[tuple[FieldTamper, int]] = []
    for tamper in tampers:
        if tamper.page == page_name:
            count = page.evaluate(TAMPER_JS, [tamper.selector, tamper.value])
            applied.append((tamper, int(count)))
    return applied


def unapplied_tampers(
    tampers: Sequence[FieldTamper], applied: Sequence[tuple[FieldTamper, int]]
) -> list[FieldTamper]:
    """The tampers that changed no field (their page was never reached, or nothing matched)."""
    done = {tamper for tamper, count in applied if count > 0}
    return [tamper for tamper in tampers if tamper not in done]
