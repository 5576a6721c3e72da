"""Each run owns its reports: what an earlier run left is removed before this one starts, and a
run that cannot start leaves an error summary (and an erroring JUnit file) saying why, never an
earlier run's green verdicts."""

from __future__ import annotations

import contextlib
import os
import shutil
from pathlib import Path
from xml.sax.saxutils import quoteattr

import pytest

from harness.pytest_plugin._reports import write_error_summary

# What a run writes into its summary directory. The Allure HTML report (``make report``) is not
# the run's: it is built from the results afterwards and carries the history forward.
_RUN_FILES = ("summary.json", "summary.md")
_SELFTEST_FILES = ("selftest.json",)


def junit_path(config: pytest.Config) -> Path | None:
    given = getattr(config.option, "xmlpath", None)
    return Path(os.path.abspath(given)) if given else None


def clear_previous(config: pytest.Config, summary_dir: Path | None, *, selftest: bool) -> None:
    """See ``_clear``; a path that cannot be cleared or written is a usage error (one line)."""
    try:
        _clear(config, summary_dir, selftest=selftest)
        if summary_dir is not None:
            summary_dir.mkdir(parents=True, exist_ok=True)
            probe = summary_dir / ".harness-write-probe"
            probe.write_text("")
            probe.unlink()
    except OSError as exc:
        where = exc.filename or summary_dir
        raise pytest.UsageError(
            f"reports: cannot clear or write {where} ({exc.strerror or exc})"
        ) from None


def _clear(config: pytest.Config, summary_dir: Path | None, *, selftest: bool) -> None:
    """Remove what an earlier run of this kind left, before anything can stop this run: the
    summary, JUnit file, browser artifacts and (with ``--clean-alluredir``) Allure results of a
    conformance run; the kill-matrix file of a selftest run (which writes nothing else)."""
    if summary_dir is not None:
        names = _SELFTEST_FILES if selftest else _RUN_FILES
        for name in names:
            (summary_dir / name).unlink(missing_ok=True)
        if not selftest:
            shutil.rmtree(summary_dir / "browser-artifacts", ignore_errors=True)
    if selftest:
        return
    junit = junit_path(config)
    if junit is not None:
        junit.unlink(missing_ok=True)
    allure_dir = getattr(config.option, "allure_report_dir", None)
    if allure_dir and getattr(config.option, "clean_alluredir", False):
        shutil.rmtree(allure_dir, ignore_errors=True)


def record_failed_start(
    config: pytest.Config, summary_dir: Path | None, target: str, problem: str, exit_code: int
) -> None:
    """The reports of a run that stopped before any verdict: ``summary.json``/``summary.md``
    saying why, and a JUnit file with one erroring case, so CI shows red, not an empty green."""
    line = problem.strip().splitlines()[0] if problem.strip() else "the run could not start"
    if summary_dir is not None:
        # If the directory itself is the problem, the one line on stderr says so.
        with contextlib.suppress(OSError):
            write_error_summary(summary_dir, target, line, exit_code)
            # An earlier run's HTML report would pass for this run's (its history/ stays).
            (summary_dir / "allure-report" / "index.html").unlink(missing_ok=True)
    junit = junit_path(config)
    if junit is not None:
        with contextlib.suppress(OSError):
            junit.parent.mkdir(parents=True, exist_ok=True)
            junit.write_text(_error_junit(line, exit_code), encoding="utf-8")


def _error_junit(line: str, exit_code: int) -> str:
    message = quoteattr(f"exit code {exit_code}: {line}")
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<testsuites><testsuite name="oauth-harness" errors="1" failures="0" skipped="0" '
        'tests="1"><testcase classname="oauth-harness" name="the run could not start">'
        f"<error message={message} /></testcase></testsuite></testsuites>\n"
    )
