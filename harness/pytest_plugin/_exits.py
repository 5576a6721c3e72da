"""Exit codes that say why a run could not judge the target, each with one line on stderr
(README, Exit codes): 2 interrupted, 3 no Chromium, 5 no scenario selected. 4 (a usage error)
and 6 (the pre-flight) are pytest's own one-line stops; 0 and 1 are verdicts."""

from __future__ import annotations

import sys

import pytest

NO_BROWSER = 3  # exit code: the browser scenarios cannot run, no Chromium was found
NO_CHROMIUM_PREFIX = "oauth-harness: no Chromium"


def no_chromium(reason: str) -> str:
    """The one line that fails every browser scenario's setup when Chromium is missing; the
    controller turns it into exit code NO_BROWSER. ``reason``: how to get one (one line)."""
    return f"{NO_CHROMIUM_PREFIX}: {reason}"


class ExitLines:
    """Controller-only: sets the exit code of a run that could not judge and names it on stderr."""

    def __init__(self) -> None:
        self.no_chromium: str | None = None

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        if report.failed and self.no_chromium is None:
            for line in str(report.longrepr).splitlines():
                if line.startswith(NO_CHROMIUM_PREFIX):
                    self.no_chromium = line
                    return

    @pytest.hookimpl(trylast=True)
    def pytest_keyboard_interrupt(self, excinfo: pytest.ExceptionInfo[BaseException]) -> None:
        if not isinstance(excinfo.value, pytest.exit.Exception):
            _say("oauth-harness: interrupted (exit 2): the reports cover only what ran")

    @pytest.hookimpl(trylast=True)
    def pytest_sessionfinish(self, session: pytest.Session, exitstatus: int) -> None:
        if self.no_chromium is not None and session.exitstatus in (0, 1):
            session.exitstatus = NO_BROWSER
            _say(f"{self.no_chromium} (exit {NO_BROWSER}: the browser scenarios could not run)")
        elif session.exitstatus == pytest.ExitCode.NO_TESTS_COLLECTED:
            _say(
                "oauth-harness: no scenario selected (exit 5): check the paths, -k, -m and "
                "--requirement (make: SCENARIOS=, PYTEST_ARGS=)"
            )


def _say(line: str) -> None:
    sys.stderr.write(line + "\n")
    sys.stderr.flush()
