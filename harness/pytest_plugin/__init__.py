"""The pytest plugin: options, markers, verdicts, report files and the defect kill matrix.

This is the only package of ``harness`` that imports pytest.
"""

from harness.pytest_plugin._exits import no_chromium
from harness.pytest_plugin._plugin import (
    SESSION_KEY,
    pytest_addoption,
    pytest_collection_modifyitems,
    pytest_configure,
    pytest_generate_tests,
    pytest_report_header,
    pytest_report_teststatus,
    pytest_runtest_call,
    pytest_runtest_makereport,
    pytest_runtest_protocol,
    pytest_runtest_setup,
    pytest_sessionfinish,
    pytest_sessionstart,
    pytest_terminal_summary,
    pytest_unconfigure,
    pytest_xdist_auto_num_workers,
    session_of,
)
from harness.pytest_plugin._selftest import DEFECT_PARAM
from harness.pytest_plugin._session import HarnessSession
from harness.pytest_plugin._verdicts import ARTIFACTS_KEY, EVIDENCE_KEY
from harness.pytest_plugin._workers import scenario_workers

__all__ = [
    "ARTIFACTS_KEY",
    "DEFECT_PARAM",
    "EVIDENCE_KEY",
    "SESSION_KEY",
    "HarnessSession",
    "no_chromium",
    "pytest_addoption",
    "pytest_collection_modifyitems",
    "pytest_configure",
    "pytest_generate_tests",
    "pytest_report_header",
    "pytest_report_teststatus",
    "pytest_runtest_call",
    "pytest_runtest_makereport",
    "pytest_runtest_protocol",
    "pytest_runtest_setup",
    "pytest_sessionfinish",
    "pytest_sessionstart",
    "pytest_terminal_summary",
    "pytest_unconfigure",
    "pytest_xdist_auto_num_workers",
    "scenario_workers",
    "session_of",
]
