"""The ``issued_prefix`` test hook: every code, token, CSRF token and session cookie the mock
issues starts with the prefix and its kind, and the flow still works (tests/reports plants
canaries with it)."""

from __future__ import annotations

import pytest

from harness.mock import MockSettings
from harness.mock._settings import load_settings
from tests.mock.flow import Flow, csrf_token

PREFIX = "canary-issued-5e1f0c-"


@pytest.fixture
def settings() -> MockSettings:
    return MockSettings(issued_prefix=PREFIX)


def test_every_issued_value_carries_the_prefix_and_its_kind(flow: Flow) -> None:
    page = flow.http.get("/oauth2/authorize", params=flow.params())
    assert csrf_token(page.text).startswith(f"{PREFIX}csrf-")
    assert flow.http.cookies["mock_session"].startswith(f"{PREFIX}cookie-")
    tokens = flow.tokens()  # the session cookie is read back at login and consent
    assert tokens["access_token"].startswith(f"{PREFIX}access-")
    assert tokens["refresh_token"].startswith(f"{PREFIX}refresh-")
    assert flow.code().startswith(f"{PREFIX}code-")
    assert flow.api(tokens["access_token"]).status_code == 200


def test_the_prefix_is_a_settings_file_key(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "mock.toml"
    path.write_text(f'issued_prefix = "{PREFIX}"\n', encoding="utf-8")
    assert load_settings(path).issued_prefix == PREFIX
    assert MockSettings().issued_prefix == ""
