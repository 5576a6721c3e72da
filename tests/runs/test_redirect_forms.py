"""Every redirect-URI form runs full authorizations against the mock, two workers at once.

The started mock registers the target file's URI and matches it exactly unless the file uses
the loopback any-port form (RFC 8252 §7.3), so a URI the harness rewrote would be refused.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.runs._harness import REPO, free_port, run_scenarios

pytestmark = [pytest.mark.browser]
SELECTION = "test_bearer_token_in_header_is_accepted or test_redirect_uri_must_match_exactly"

FORMS = {
    "loopback-any-port": ("http://127.0.0.1/callback", "loopback, any port"),
    "ipv6-any-port": ("http://[::1]/callback", "loopback, any port"),
    "loopback-fixed-port": ("http://127.0.0.1:{port}/callback", "loopback, fixed port {port}"),
    "localhost-fixed-port": ("http://localhost:{port}/cb", "loopback, fixed port {port}"),
    "ipv6-fixed-port": ("http://[::1]:{port}/callback", "loopback, fixed port {port}"),
    "app-uri": ("https://app.example.com/oauth/callback", "the app's own URI"),
}


def mock_target(directory: Path, redirect_uri: str) -> Path:
    text = (REPO / "fixtures" / "targets" / "mock.toml").read_text(encoding="utf-8")
    text, count = re.subn(
        r'redirect_uri = "http://127\.0\.0\.1/callback"', f'redirect_uri = "{redirect_uri}"', text
    )
    assert count == 3
    path = directory / "form.toml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(("template", "described"), list(FORMS.values()), ids=list(FORMS))
def test_each_form_authorizes_end_to_end_on_two_workers(
    tmp_path: Path, template: str, described: str
) -> None:
    port = free_port()
    uri = template.format(port=port)
    run = run_scenarios(
        mock_target(tmp_path, uri), tmp_path / "r", "-n", "2", "-v", "-k", SELECTION
    )
    outcomes = run.outcomes()
    assert len(outcomes) == 6, run.stdout + run.stderr  # bearer: probe + identity; exact: 4
    assert set(outcomes.values()) == {"passed"}, run.messages()
    shown = f"redirect URI of primary: {uri} ({described.format(port=port)}"
    assert f"oauth-harness: {shown}" in run.stdout  # the report header
    assert run.summary is not None
    assert run.summary["details"][0].startswith(shown)  # and the summary, which -q keeps
