"""A fast interop check against Django OAuth Toolkit, a real third-party AS: the happy path and
a few negatives, through the harness itself (launched by dot.toml's [launch]). The full run is
``make conformance TARGET=dot``."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from tests.runs._harness import run_scenarios

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        importlib.util.find_spec("oauth2_provider") is None,
        reason="django-oauth-toolkit is not installed (the 'test' extra installs it)",
    ),
]

SELECTION = " or ".join(
    (
        "test_code_exchange_issues_bearer_token",
        "test_bearer_token_in_header_is_accepted",
        "test_refresh_issues_new_working_access_token",
        "test_unregistered_redirect_uri_is_never_followed",
        "test_reused_code_is_rejected",
        "test_state_is_echoed_exactly",
        "test_failed_basic_authentication_gets_401_with_basic_challenge",  # a listed finding
    )
)


def test_dot_passes_the_happy_path_and_refuses_what_it_must(tmp_path: Path) -> None:
    run = run_scenarios(Path("fixtures/targets/dot.toml"), tmp_path / "r", "-k", SELECTION, "-v")
    outcomes = run.outcomes()
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr
    assert "oauth-harness: launched `{python} -m fixtures.peers.dot`" in run.stdout
    assert "pre-flight passed" in run.stdout
    assert (
        outcomes.pop("test_failed_basic_authentication_gets_401_with_basic_challenge") == "failed"
    )  # DOT's Bearer challenge after Basic: expected, so the run still passes
    assert set(outcomes.values()) == {"passed"}, run.messages()
    assert len(outcomes) >= 10
    assert run.summary is not None
    assert run.summary["expected_findings"]["matched"] == [
        "scenarios/client_auth/test_basic_auth.py::"
        "test_failed_basic_authentication_gets_401_with_basic_challenge"
    ]
