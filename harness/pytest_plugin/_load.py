"""Reading what a run is about: the target (starting its [launch] server), the mock defects and
the expected findings; any problem stops the run with one line (a usage error, exit code 4)."""

from __future__ import annotations

import os
from pathlib import Path

import httpx
import pytest

from harness.client import (
    PREFLIGHT_ANSWER_S,
    PREFLIGHT_CONNECT_S,
    PREFLIGHT_FAILED,
    PREFLIGHT_PREFIX,
)
from harness.mock import (
    MockSettings,
    SettingsError,
    UnknownDefectError,
    load_settings,
    parse_defects,
)
from harness.pytest_plugin._expected import ExpectedFindings, ExpectedFindingsError, load_expected
from harness.pytest_plugin._history import Baseline, BaselineError, load_baseline
from harness.pytest_plugin._options import HarnessOptions
from harness.pytest_plugin._reports import Results
from harness.pytest_plugin._session import HarnessSession
from harness.targets import (
    Launched,
    Target,
    TargetError,
    discover,
    launch,
    load_target,
    read_launch,
    resolve_target,
)


def load_session(
    config: pytest.Config, options: HarnessOptions, *, start: bool = True
) -> HarnessSession:
    """Load the target and the defects; a bad one stops the run with one line (usage error).

    The controller starts the target's ``[launch]`` server first: the variables it announces
    fill the file's references, and xdist workers inherit them with the environment. With
    ``start`` false (``--list-scenarios``) nothing is started and nothing is discovered."""
    root = Path(str(config.rootpath))
    launched: Launched | None = None
    try:
        path = resolve_target(options.target.value, root / options.targets_dir)
        spec = None if hasattr(config, "workerinput") or not start else read_launch(path)
        if spec is not None:
            launched = launch(spec, root)
            os.environ.update(launched.env)
        target = load_target(path, os.environ)
    except TargetError as exc:
        if launched is not None:
            launched.stop()
        raise pytest.UsageError(str(exc)) from None
    if target.kind == "remote" and target.endpoints.discover and start:
        try:  # every process: the capabilities it learns decide which scenarios run
            target = _discovered(target)
        except TargetError as exc:
            if launched is not None:
                launched.stop()
            pytest.exit(f"{PREFLIGHT_PREFIX} for target {target.name} ({exc})", PREFLIGHT_FAILED)
    try:
        session = _checked_session(options, target, launched)
        session.expected = _expected_findings(options, target, root)
        session.mock_settings = _mock_settings(options, target)
        session.baseline = _baseline(options)
        session.report_files = _report_files(config)
        return session
    except pytest.UsageError:
        if launched is not None:
            launched.stop()
        raise


def _discovered(target: Target) -> Target:
    """RFC 8414 §3: the endpoints and capabilities the file left out, from the metadata."""
    timeout = httpx.Timeout(PREFLIGHT_ANSWER_S, connect=PREFLIGHT_CONNECT_S)
    with httpx.Client(timeout=timeout, follow_redirects=False) as client:
        return discover(target, client)


def _expected_findings(
    options: HarnessOptions, target: Target, root: Path
) -> ExpectedFindings | None:
    """The expected-findings file the options name (auto: beside the target file, if any)."""
    setting = options.expected_findings
    if setting.value == "none" or options.selftest:
        return None
    if setting.value == "auto":
        path = target.source.with_name(f"{target.source.stem}.expected.toml")
        if not path.is_file():
            return None
    else:
        path = Path(setting.value)
        path = path if path.is_absolute() else root / path
    try:
        return load_expected(path)
    except ExpectedFindingsError as exc:
        raise pytest.UsageError(f"{exc} (from {setting.source})") from None


def _baseline(options: HarnessOptions) -> Baseline | None:
    """The earlier summary.json to compare with, read now so a bad one stops the run."""
    setting = options.baseline
    if not setting.value or options.selftest:
        return None
    try:
        return load_baseline(Path(setting.value))  # relative to where the run starts
    except BaselineError as exc:
        raise pytest.UsageError(f"{exc} (from {setting.source})") from None


def _report_files(config: pytest.Config) -> list[str]:
    """The JUnit file and Allure results directory this run writes, as given."""
    found = []
    junit = getattr(config.option, "xmlpath", None)
    if junit:
        found.append(str(junit))
    allure = getattr(config.option, "allure_report_dir", None)
    if allure:
        found.append(f"{allure}/ (make report: one HTML file)")
    return found


def _mock_settings(options: HarnessOptions, target: Target) -> Path | None:
    """The mock settings file the options name, checked now so a bad one stops the run with one
    line; the mock fixture layers it over the settings the target file implies."""
    setting = options.mock_settings
    if not setting.value:
        return None
    if target.kind != "mock":
        raise pytest.UsageError(
            f"--mock-settings ({setting.source}) was given but target {target.name} is not the mock"
        )
    path = Path(setting.value)  # relative to where the run starts, as a --target path is
    declared = target.grants.offered
    try:
        base = MockSettings(grant_types=frozenset(declared)) if declared else None
        settings = load_settings(path, base)
    except SettingsError as exc:
        raise pytest.UsageError(f"{exc} (from {setting.source})") from None
    if declared and set(settings.grant_types) != declared:
        raise pytest.UsageError(
            f"{path}: grant_types {sorted(settings.grant_types)} contradicts "
            f"{target.source}'s [grants] offered {sorted(declared)} (from {setting.source}); "
            "the mock serves what the target file declares: keep one of them"
        )
    return path.resolve()


def _checked_session(
    options: HarnessOptions, target: Target, launched: Launched | None
) -> HarnessSession:
    try:
        defects = parse_defects(options.mock_defects.value)
    except UnknownDefectError as exc:
        raise pytest.UsageError(f"{options.mock_defects.source}: {exc}") from None
    if defects and target.kind != "mock":
        raise pytest.UsageError(f"mock defects were given but target {target.name} is not the mock")
    if options.browser_artifacts == "on" and target.kind != "mock":
        raise pytest.UsageError(
            f"--browser-artifacts=on is refused for live target {target.name}: "
            "traces hold token responses"
        )
    if options.selftest and target.kind != "mock":
        raise pytest.UsageError(f"--selftest runs against the mock only, not target {target.name}")
    return HarnessSession(options, target, defects, Results(target=target.name), launched=launched)
