"""A negative scenario passes only when its control authorization succeeds: against a server
that refuses every authorization (here, one whose registrations match exactly while the target
file declares a loopback any-port redirect URI), it is an error quoting the control, not a pass."""

from __future__ import annotations

from pathlib import Path

import pytest

from harness.mock import MockSettings
from tests.runs._harness import remote_target, run_scenarios, served_mock

pytestmark = [pytest.mark.browser]
# The metadata scenarios citing RFC 6749 §3.1 judge a document, not a refusal: left out; so
# is the public client's case of the error-order scenario (this target file has no public one).
NEGATIVES = (
    "--requirement",
    "RFC9700-4.1.3",
    "--requirement",
    "RFC6749-3.1",
    "-k",
    "not port and not metadata and not without",
)


def test_negative_scenarios_pass_when_their_control_succeeds(tmp_path: Path) -> None:
    with served_mock() as server:
        run = run_scenarios(remote_target(tmp_path, server.issuer), tmp_path / "r", *NEGATIVES)
    outcomes = run.outcomes()
    assert len(outcomes) >= 8
    assert set(outcomes.values()) == {"passed"}, run.messages()


def test_negative_scenarios_are_errors_when_their_control_fails(tmp_path: Path) -> None:
    exact = MockSettings(loopback_port_variance=False)
    with served_mock(exact) as server:
        target = remote_target(tmp_path, server.issuer)
        run = run_scenarios(target, tmp_path / "r", *NEGATIVES, "--preflight=off")
    outcomes, messages = run.outcomes(), run.messages()
    assert len(outcomes) >= 8
    assert set(outcomes.values()) == {"error"}, outcomes
    for message in messages.values():
        assert "the control authorization failed" in message
        assert "the server showed its error page (HTTP 400" in message
