"""Fill and click: trusted input events on a ready element, Playwright's waiting otherwise."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Page

from harness.browser import BrowserSession
from harness.browser._actions import click, fill

pytestmark = pytest.mark.browser

RECORDER = """<script>
  window.seen = [];
  addEventListener("input", e => seen.push(["input", e.target.name, e.isTrusted]), true);
  addEventListener("click", e => seen.push(["click", e.target.id, e.isTrusted]), true);
</script>"""


@pytest.fixture
def page(browser_session: BrowserSession) -> Iterator[Page]:
    context = browser_session.new_context()
    yield context.new_page()
    context.close()


def test_fill_replaces_a_prefilled_value_with_trusted_input(page: Page) -> None:
    page.set_content(f"{RECORDER}<input name=email value='someone-else@example.com'>")
    fill(page, "input[name=email]", "user@example.com", 2000)
    assert page.input_value("input[name=email]") == "user@example.com"
    events = page.evaluate("seen")
    assert events
    assert all(kind == "input" and trusted for kind, _name, trusted in events)


def test_fill_waits_for_a_field_that_appears_late(page: Page) -> None:
    page.set_content(
        "<div id=host></div><script>setTimeout(() => "
        "{ host.innerHTML = '<input name=otp>' }, 100)</script>"
    )
    fill(page, "input[name=otp]", "123456", 2000)
    assert page.input_value("input[name=otp]") == "123456"


def test_click_is_a_trusted_mouse_click(page: Page) -> None:
    page.set_content(f"{RECORDER}<div style='height:3000px'></div><button id=go>go</button>")
    click(page, "#go", 2000)
    assert page.evaluate("seen") == [["click", "go", True]]


def test_click_on_a_covered_button_waits_until_it_can_be_reached(page: Page) -> None:
    page.set_content(
        f"{RECORDER}<button id=go>go</button>"
        "<div id=veil style='position:fixed;inset:0;background:#fff'></div>"
        "<script>setTimeout(() => veil.remove(), 150)</script>"
    )
    click(page, "#go", 2000)
    assert ["click", "go", True] in page.evaluate("seen")
