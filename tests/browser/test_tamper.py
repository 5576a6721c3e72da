"""Field tampering: the driver changes or removes form fields just before it submits a page."""

from __future__ import annotations

from harness.browser import BrowserSession, FieldTamper, unapplied_tampers
from tests.browser.conftest import SCRIPT, USER
from tests.browser.standin_as import StandIn

# The stand-in's consent form carries the request parameters as hidden fields.
STATE_FIELD = "form#consent input[type=hidden][name=state]"


def _authorize(session: BrowserSession, standin: StandIn, redirect_uri: str, *tampers):
    return session.authorize(
        standin.authorize_url(redirect_uri, state="s-original"),
        redirect_uri=redirect_uri,
        script=SCRIPT,
        user=USER,
        tamper=tampers,
    )


def test_a_field_value_is_replaced_before_submit(
    browser_session: BrowserSession, standin: StandIn, redirect_uri: str
) -> None:
    tamper = FieldTamper("consent", STATE_FIELD, "s-forged")
    outcome = _authorize(browser_session, standin, redirect_uri, tamper)
    assert outcome.stopped == "callback", outcome.detail
    assert outcome.callback_params["state"] == "s-forged"
    assert outcome.tampered == [(tamper, 1)]
    assert unapplied_tampers([tamper], outcome.tampered) == []


def test_a_field_is_removed_when_the_value_is_none(
    browser_session: BrowserSession, standin: StandIn, redirect_uri: str
) -> None:
    tamper = FieldTamper("consent", STATE_FIELD)
    outcome = _authorize(browser_session, standin, redirect_uri, tamper)
    assert outcome.stopped == "callback", outcome.detail
    assert outcome.callback_params["state"] == ""  # the stand-in's default for a missing field
    assert outcome.tampered == [(tamper, 1)]


def test_tampers_apply_only_to_their_page_and_report_misses(
    browser_session: BrowserSession, standin: StandIn, redirect_uri: str
) -> None:
    elsewhere = FieldTamper("login", STATE_FIELD, "s-forged")  # the login page has no such field
    unknown_page = FieldTamper("no-such-page", "input", "x")
    outcome = _authorize(browser_session, standin, redirect_uri, elsewhere, unknown_page)
    assert outcome.stopped == "callback", outcome.detail
    assert outcome.callback_params["state"] == "s-original"
    assert outcome.tampered == [(elsewhere, 0)]
    assert unapplied_tampers([elsewhere, unknown_page], outcome.tampered) == [
        elsewhere,
        unknown_page,
    ]
