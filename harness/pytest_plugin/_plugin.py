"""The pytest hooks: options, markers, target loading, selection, verdicts, reports, kill matrix."""

from __future__ import annotations

import os
import sys
from collections.abc import Generator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from harness.checks import ConformanceFailure
from harness.client import PREFLIGHT_PREFIX
from harness.pytest_plugin import (
    _allure,
    _catalogue,
    _exits,
    _junit,
    _lifecycle,
    _markers,
    _options,
    _ownership,
    _selftest,
    _shards,
    _verdicts,
    _workers,
)
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
    _catalogue.add_options(parser)


@pytest.hookimpl(tryfirst=True, optionalhook=True)
def pytest_xdist_auto_num_workers(config: pytest.Config) -> int | None:
    return _workers.auto_workers(config)


def pytest_configure(config: pytest.Config) -> None:
    _markers.register(config)
    if hasattr(config, "workerinput"):
        _configure(config, listing=False)
        return
    config.pluginmanager.register(_QuietStop(config), "harness-quiet-stop")
    config.pluginmanager.register(_exits.ExitLines(), "harness-exit-lines")
    listing = _catalogue.listing(config)
    root = Path(str(config.rootpath))
    summary_dir = "" if listing else _options.summary_dir_of(config)
    summary_path = root / summary_dir if summary_dir else None
    try:
        if not config.option.collectonly and not listing:  # this run's reports replace the last
            _ownership.clear_previous(config, summary_path, selftest=bool(config.option.selftest))
        session = _configure(config, listing=listing)
        _lifecycle.prepare_reports(session, root)
        if not listing:
            _lifecycle.hold_redirect_ports(session)
    except (pytest.UsageError, pytest.exit.Exception) as exc:
        code = (exc.returncode or 1) if isinstance(exc, pytest.exit.Exception) else 4
        target = _options.target_of(config)
        _ownership.record_failed_start(config, summary_path, target, str(exc), code)
        raise


def _configure(config: pytest.Config, *, listing: bool) -> HarnessSession:
    options = _options.resolve_options(config)
    if listing:  # collection only: no summary files, no pre-flight, nothing started
        options = replace(options, summary_dir="", preflight="off")
        _catalogue.prepare(config)
    session = load_session(config, options, start=not listing)
    suite = Path(str(config.rootpath)) / "scenarios"
    session.partial_selection = _selftest.is_partial_selection(config, suite)
    if options.shard is not None:  # dealt after every other selection (_shards.py)
        session.shard = _shards.ShardTally(options.shard)
        session.partial_selection = session.partial_selection or options.shard.count > 1
        config.pluginmanager.register(_shards.ShardSelection(session.shard), "harness-shard")
    config.stash[SESSION_KEY] = session
    if listing:
        listed = _catalogue.Listing(declared_by, session.applicable, session.target.name)
        config.pluginmanager.register(listed, "harness-list-scenarios")
    config.stash[PARAMETER_IDS_KEY] = _allure.ParameterIds()
    config.pluginmanager.register(config.stash[PARAMETER_IDS_KEY], "harness-parameter-ids")
    config.pluginmanager.register(_allure.Presenter(session), "harness-allure")
    return session


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
        # On a selection this hook runs before -k deselects: only a whole run can say so.
        if session.applicable(declared) is None and not session.partial_selection:
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
    level, found = _verdicts.judged(item, call) if report.when == "call" else (None, [])
    violations = _verdicts.violation_records(found, level or declared.level, redactor.redact)
    failed_on_violation = outcome == "failed" and bool(violations)
    headline = _verdicts.headline(violations) if failed_on_violation else None
    _verdicts.redact_report(report, redactor, headline)
    if declared.is_scenario:
        _verdicts.skip_at_scenario(item, report)
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
        result = _verdicts.ScenarioResult(
            outcome=outcome,
            message=message,
            requirements=list(declared.requirements),
            catalogue=list(declared.catalogue),
            # The level the finding was judged at: a SHOULD warning never sits on a MUST row.
            level=(level or declared.level).value
            if outcome in ("failed", "warning")
            else declared.level.value,
            violations=violations,
            expected=expected.behaviour if expected is not None else None,
        )
        report.user_properties.append((_verdicts.RESULT_PROPERTY, result.to_json()))
        if report.when == "call":
            # pytest's JUnit writer reads the item's properties from the teardown report.
            item.user_properties.extend(_junit.properties(result))
    return report


def pytest_report_teststatus(
    report: pytest.TestReport, config: pytest.Config
) -> tuple[str, str, str] | None:
    """pytest's progress letters and closing line count what the harness counts: a scenario
    that passed with a SHOULD violation is a warning, one the harness could not judge an error."""
    if report.when != "call" or session_of(config).options.selftest:
        return None
    outcome = _verdicts.harness_outcome(report)
    if outcome == "warning" and report.passed:
        # "warned", not "warning": pytest's closing line counts Python warnings by that word.
        return "warned", "W", "WARNING"
    if outcome == "error" and report.failed:
        return "error", "E", "ERROR"
    return None


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
    if hasattr(config, "workerinput") or config.option.collectonly:
        return
    try:
        _lifecycle.preflight(harness)  # first: a target that is down is named as such (6)
        _lifecycle.require_chromium(config, harness.options.browser_endpoint)
    except pytest.exit.Exception as exc:
        # pytest skips every sessionfinish hook (JUnit's too) after a failed sessionstart.
        root = Path(str(config.rootpath))
        summary = root / harness.options.summary_dir if harness.options.summary_dir else None
        problem = harness.redactor_for(None).redact(str(exc))
        _ownership.record_failed_start(
            config, summary, harness.target.name, problem, exc.returncode or 1
        )
        raise


class _QuietStop:
    """A run the harness stopped on purpose (the pre-flight) is named on stderr in one line by
    pytest already; the terminal need not repeat it as an interruption."""

    def __init__(self, config: pytest.Config) -> None:
        self.config = config

    @pytest.hookimpl(trylast=True)
    def pytest_keyboard_interrupt(self, excinfo: pytest.ExceptionInfo[BaseException]) -> None:
        if isinstance(excinfo.value, pytest.exit.Exception) and str(excinfo.value).startswith(
            (PREFLIGHT_PREFIX, _lifecycle.NO_BROWSER_PREFIX)
        ):
            reporter = self.config.pluginmanager.get_plugin("terminalreporter")
            if reporter is not None and hasattr(reporter, "_keyboardinterrupt_memo"):
                reporter._keyboardinterrupt_memo = None


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_terminal_summary(terminalreporter: Any, config: pytest.Config) -> Generator[None]:
    """After pytest's own sections and short summary, so the terminal ends with the harness's
    tables, every non-pass (warnings last) and where the reports are."""
    result = yield
    for line in session_of(config).summary_lines():
        terminalreporter.write_line(line)
    return result


@pytest.hookimpl(trylast=True)
def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    harness = session_of(session.config)
    if hasattr(session.config, "workerinput"):
        return
    interrupted = exitstatus == pytest.ExitCode.INTERRUPTED
    try:
        problems = harness.finish(Path(str(session.config.rootpath)), interrupted=interrupted)
    except OSError as exc:  # the directory went away or became read-only during the run
        sys.stderr.write(f"oauth-harness: cannot write the reports ({exc}); exit 4\n")
        session.exitstatus = pytest.ExitCode.USAGE_ERROR
        return
    junit = getattr(session.config.option, "xmlpath", None)
    if junit and not harness.options.selftest:  # written by now: this hook runs last
        _junit.mark_errors(Path(os.path.abspath(junit)))
    if problems and session.exitstatus == 0:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
