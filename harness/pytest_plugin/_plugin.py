"""The pytest hooks: options, markers, target loading, selection, verdicts, reports, kill matrix."""

from __future__ import annotations

from collections.abc import Generator
from pathlib import Path
from typing import Any

import pytest

from harness.checks import ConformanceFailure
from harness.client import PREFLIGHT_PREFIX
from harness.pytest_plugin import _allure, _lifecycle, _markers, _options, _selftest, _verdicts
from harness.pytest_plugin._expected import ExpectedFinding
from harness.pytest_plugin._load import load_session
from harness.pytest_plugin._session import HarnessSession

SESSION_KEY = pytest.StashKey[HarnessSession]()
DECLARED_KEY = pytest.StashKey[_markers.Declared]()
MARKER_ERROR_KEY = pytest.StashKey[str]()
PARAMETER_IDS_KEY = pytest.StashKey[_allure.ParameterIds]()


def session_of(config: pytest.Config) -> HarnessSession:
    return config.stash[SESSION_KEY]


def declared_by(item: pytest.Item) -> _markers.Declared:
    """The item's markers, read once; a malformed marker makes the item error at setup."""
    cached = item.stash.get(DECLARED_KEY, None)
    if cached is not None:
        return cached
    try:
        found = _markers.declared(item)
        session_of(item.config).check_declared(item.nodeid, found)
    except _markers.MarkerError as exc:
        item.stash[MARKER_ERROR_KEY] = str(exc)
        found = _markers.NOTHING_DECLARED
    item.stash[DECLARED_KEY] = found
    return found


def pytest_addoption(parser: pytest.Parser) -> None:
    _options.add_options(parser)


def pytest_configure(config: pytest.Config) -> None:
    _markers.register(config)
    if not hasattr(config, "workerinput"):
        config.pluginmanager.register(_QuietStop(config), "harness-quiet-stop")
    session = load_session(config, _options.resolve_options(config))
    config.stash[SESSION_KEY] = session
    config.stash[PARAMETER_IDS_KEY] = _allure.ParameterIds()
    config.pluginmanager.register(config.stash[PARAMETER_IDS_KEY], "harness-parameter-ids")
    config.pluginmanager.register(_allure.Presenter(session), "harness-allure")
    if not hasattr(config, "workerinput"):  # the controller (or the only process)
        _lifecycle.prepare_reports(session, Path(str(config.rootpath)))
        _lifecycle.hold_redirect_ports(session)


def pytest_unconfigure(config: pytest.Config) -> None:
    session = config.stash.get(SESSION_KEY, None)
    if session is not None:
        session.release()


def pytest_report_header(config: pytest.Config) -> list[str]:
    return session_of(config).header_lines()


@pytest.hookimpl(trylast=True)
def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    session = session_of(metafunc.config)
    if not session.options.selftest or _selftest.DEFECT_PARAM not in metafunc.fixturenames:
        return
    kills = [str(d) for mark in metafunc.definition.iter_markers("kills") for d in mark.args]
    if kills:
        defects = list(dict.fromkeys(kills))
        metafunc.parametrize(
            _selftest.DEFECT_PARAM,
            defects,
            ids=[_selftest.defect_id(d) for d in defects],
            scope="function",
        )


@pytest.hookimpl(tryfirst=True)  # before -m reads the slow markers added here
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    session = session_of(config)
    keep: list[pytest.Item] = []
    dropped: list[pytest.Item] = []
    run_slow = session.options.run_slow or "slow" in (config.option.markexpr or "")
    for item in items:
        declared = declared_by(item)
        if item.get_closest_marker("wall_clock") is not None and not session.clock_controlled:
            item.add_marker(pytest.mark.slow)  # its waits are real time on this target
        if item.get_closest_marker("slow") is not None and not run_slow:
            dropped.append(item)  # deselected by default: the header says how to select it
        elif (
            session.options.requirement_prefixes
            and not _markers.matches_prefixes(
                declared.requirements, session.options.requirement_prefixes
            )
        ) or (session.options.selftest and not _in_kill_matrix(item, declared, session)):
            dropped.append(item)
        else:
            keep.append(item)
            reason = session.applicable(declared)
            if reason is not None:  # marked here, so the skip names the scenario, not the hook
                item.add_marker(pytest.mark.skip(reason=reason))
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = keep


def _in_kill_matrix(
    item: pytest.Item, declared: _markers.Declared, session: HarnessSession
) -> bool:
    if not declared.is_scenario:
        return False
    if not declared.kills:
        if session.applicable(declared) is None:
            session.matrix.unkilling.append(item.nodeid)
        return False
    session.matrix.declared[_selftest.scenario_id(item.nodeid)] = declared.kills
    return True


def pytest_runtest_setup(item: pytest.Item) -> None:
    problem = item.stash.get(MARKER_ERROR_KEY, None)
    if problem is not None:
        pytest.fail(problem, pytrace=False)


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_protocol(item: pytest.Item, nextitem: pytest.Item | None) -> None:
    # Until the next scenario starts: allure-pytest writes a result after the last phase.
    session_of(item.config).current = item


def _allure_scenario(config: pytest.Config) -> _allure.Scenario:
    """The scenario Allure is writing results for, as the redacting writer needs it."""
    session = session_of(config)
    item = session.current
    if item is None:
        return _allure.Scenario(session.redactor_for(None))
    ids = config.stash[PARAMETER_IDS_KEY].of(item)
    view = item.stash.get(_allure.VIEW_KEY, None)
    return _allure.Scenario(session.redactor_for(item), _allure.full_name(item), ids, view)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Generator[None, Any, Any]:
    session = session_of(item.config)
    return (yield from _verdicts.run_call(item, session.options.strict, session.options.selftest))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    report = yield
    session = session_of(item.config)
    declared = declared_by(item)
    evidence = item.stash.get(_verdicts.EVIDENCE_KEY, None)
    outcome = _verdicts.outcome_of(item, report, call)
    # A defect that survived the kill matrix shows what the browser and the server did instead.
    survived = session.options.selftest and outcome in ("passed", "warning")
    shown = outcome in ("failed", "error", "warning") or session.options.evidence == "always"
    if shown or survived:
        session.attach_evidence(item, report, evidence, outcome)
    session.keep_artifacts(item, report, failed=outcome in ("failed", "error"))
    redactor = session.redactor_for(item)
    _verdicts.redact_report(report, redactor)
    callspec = getattr(item, "callspec", None)
    defect = callspec.params.get(_selftest.DEFECT_PARAM) if callspec is not None else None
    if session.options.selftest and isinstance(defect, str) and report.when == "call":
        exc = call.excinfo.value if call.excinfo is not None else None
        killed = isinstance(exc, ConformanceFailure) or (outcome == "failed")
        why = (
            "the scenario passed with it switched on"
            if outcome in ("passed", "warning")
            else (f"the scenario ended in {outcome}, not a conformance failure")
        )
        _selftest.invert(report, defect, killed, why)
        report.user_properties.append(
            (
                _selftest.SELFTEST_PROPERTY,
                {
                    "scenario": _selftest.scenario_id(item.nodeid),
                    "defect": defect,
                    "killed": killed,
                },
            )
        )
    if outcome is not None and declared.is_scenario:
        message = redactor.redact(_verdicts.message_of(report, call, item))
        expected = _expected_for(session, item, report, outcome)
        if expected is not None and outcome == "failed":
            # A known finding of this target: reported, but it does not fail the run.
            report.outcome = "skipped"
            report.wasxfail = f"expected finding: {expected.behaviour}"
        report.user_properties.append(
            (
                _verdicts.RESULT_PROPERTY,
                {
                    "outcome": outcome,
                    "message": message,
                    "requirements": list(declared.requirements),
                    "catalogue": list(declared.catalogue),
                    "level": declared.level.value,
                    "expected": expected.behaviour if expected is not None else None,
                },
            )
        )
    return report


def _expected_for(
    session: HarnessSession, item: pytest.Item, report: pytest.TestReport, outcome: str
) -> ExpectedFinding | None:
    """The listed finding this call's outcome matches; a listed warning also covers the
    failure a strict run makes of it (nightly strict runs fail only on news too)."""
    if report.when != "call":
        return None
    found = session.expected_finding(item.nodeid, outcome)
    record = item.stash.get(_verdicts.CALL_KEY, None)
    if found is None and outcome == "failed" and record is not None and record.promoted:
        found = session.expected_finding(item.nodeid, "warning")
    return found


@pytest.hookimpl(tryfirst=True)  # before xdist starts workers and the header is printed
def pytest_sessionstart(session: pytest.Session) -> None:
    harness = session_of(session.config)
    session.config.pluginmanager.register(harness.collector(), "harness-collector")
    config = session.config
    _allure.install(config, lambda: _allure_scenario(config))
    if not hasattr(config, "workerinput") and not config.option.collectonly:
        _lifecycle.preflight(harness)


class _QuietStop:
    """A run the harness stopped on purpose (the pre-flight) is named on stderr in one line by
    pytest already; the terminal need not repeat it as an interruption."""

    def __init__(self, config: pytest.Config) -> None:
        self.config = config

    @pytest.hookimpl(trylast=True)
    def pytest_keyboard_interrupt(self, excinfo: pytest.ExceptionInfo[BaseException]) -> None:
        if isinstance(excinfo.value, pytest.exit.Exception) and str(excinfo.value).startswith(
            PREFLIGHT_PREFIX
        ):
            reporter = self.config.pluginmanager.get_plugin("terminalreporter")
            if reporter is not None and hasattr(reporter, "_keyboardinterrupt_memo"):
                reporter._keyboardinterrupt_memo = None


def pytest_terminal_summary(terminalreporter: Any, config: pytest.Config) -> None:
    for line in session_of(config).summary_lines():
        terminalreporter.write_line(line)


@pytest.hookimpl(trylast=True)
def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    harness = session_of(session.config)
    if hasattr(session.config, "workerinput"):
        return
    problems = harness.finish(Path(str(session.config.rootpath)))
    if problems and session.exitstatus == 0:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
