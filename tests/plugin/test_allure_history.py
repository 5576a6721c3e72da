"""Allure's history ids of every scenario are the same from run to run.

Allure keys its trend, retries and flaky detection by a result's history id; allure-pytest
computes it from the parameters' values, and a function's repr (``<function … at 0x…>``)
changes every run. The harness shows and hashes parameters by their pytest ids instead. Checked
here on every scenario without a browser: ``--setup-plan`` runs each one through Allure's
writer with its fixtures planned, not set up, so two runs (with different hash seeds, as two
processes have) compare in seconds, the kill matrix's parametrisation included.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[2]
ADDRESS = re.compile(r"\bat 0x[0-9a-fA-F]+|<function |<lambda>")


def _plan(directory: Path, seed: str, *extra: str) -> list[dict[str, Any]]:
    environ = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("HARNESS_", "MOCK_", "PYTEST_ADDOPTS"))
    }
    environ["PYTHONHASHSEED"] = seed
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "scenarios",
            "--setup-plan",
            "-q",
            "-n",
            "0",
            "-p",
            "no:randomly",
            "--target=mock",
            f"--alluredir={directory}",
            *extra,
        ],
        cwd=REPO,
        env=environ,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    # The kill matrix planned, not run, finds every defect survived: exit 1, and no matter here.
    allowed = (0, 1) if "--selftest" in extra else (0,)
    assert done.returncode in allowed, done.stdout[-3000:] + done.stderr[-3000:]
    return [json.loads(p.read_text(encoding="utf-8")) for p in directory.glob("*-result.json")]


def _key(result: dict[str, Any]) -> tuple[str, tuple[tuple[str, str], ...]]:
    shown = tuple(sorted((p["name"], p["value"]) for p in result.get("parameters", [])))
    return result["fullName"], shown


Plans = tuple[list[dict[str, Any]], list[dict[str, Any]]]


@pytest.fixture(scope="module", params=[(), ("--selftest",)], ids=["scenarios", "kill-matrix"])
def plans(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Plans:
    """Two planned runs' Allure results, with different hash seeds."""
    extra: tuple[str, ...] = request.param
    directory = tmp_path_factory.mktemp("plans")
    return _plan(directory / "first", "1", *extra), _plan(directory / "second", "2", *extra)


def test_parameters_are_shown_by_ids_never_by_address(plans: Plans) -> None:
    first, second = plans
    assert [r for r in first if r.get("parameters")], "no parametrised scenario was planned"
    for result in first + second:
        for parameter in result.get("parameters", []):
            assert not ADDRESS.search(parameter["value"]), (result["fullName"], parameter)


def test_history_ids_are_the_same_in_the_next_run(plans: Plans) -> None:
    first, second = plans
    ids = {_key(r): r["historyId"] for r in first}
    again = {_key(r): r["historyId"] for r in second}
    assert len(ids) == len(first), "two results show the same parameters"
    changed = sorted(
        f"{name} {shown}" for (name, shown), hid in ids.items() if again.get((name, shown)) != hid
    )
    assert changed == [], f"{len(changed)} of {len(ids)} history ids changed between runs"
    assert len(set(ids.values())) == len(ids), "two variants share a history id"


def test_every_scenario_is_presented(plans: Plans) -> None:
    """Each scenario has a docstring title, its RFC, area, requirements, severity and links."""
    for result in plans[0]:
        labels = {label["name"] for label in result["labels"]}
        assert {"epic", "feature", "story", "severity"} <= labels, result["fullName"]
        assert not result["name"].startswith("test_"), result["fullName"]
        assert result["links"], result["fullName"]
