"""Redaction never rewrites the source lines of a traceback; it still hides secrets in the rest."""

from __future__ import annotations

from pathlib import Path

import pytest

from harness.evidence import Redactor
from harness.pytest_plugin._verdicts import redact_traceback

REPO = Path(__file__).resolve().parents[2]
TOKEN = "at-Zx81kQ9pLm3Rt7vW0abc"
WORD = "hunter2"  # a secret that could be ordinary text

LONGREPR = f"""\
oauth = <fixtures.flows.OAuth object at 0x7f>

    def test_denied_consent_issues_no_code(oauth):
        token, password = "{TOKEN}", "{WORD}"
        url = oauth.attempt(decision="deny")[1]
>       verify(url, param_absent("code", "RFC6749-4.1.2.1", "Denying consent issued a code"))
E       AssertionError: 1 violation of MUST-level requirements:
E       [MUST RFC6749-4.1.2.1] Denying consent issued a code
E         Actual:   code = ['{TOKEN}'], password = '{WORD}'

scenarios/authorization/test_error_response.py:50: AssertionError"""


def test_source_lines_are_kept_and_the_rest_redacted() -> None:
    redactor = Redactor([TOKEN, WORD])
    shown = redact_traceback(LONGREPR, redactor).split("\n")
    original = LONGREPR.split("\n")
    for before, after in zip(original, shown, strict=True):
        if before.startswith(("    ", ">   ")) and TOKEN not in before:
            assert after == before  # the scenario's code, as written
        else:
            assert TOKEN not in after
    # Only a credential-like secret written into the code itself is still hidden there.
    assert '        token, password = "<secret#1>", "hunter2"' in shown
    assert "E         Actual:   code = ['<secret#1>'], password = '<secret#2>'" in shown
    assert "E       [MUST RFC6749-4.1.2.1] Denying consent issued a code" in shown


def test_a_source_line_teaches_the_redactor_nothing() -> None:
    """``param_absent("code", "<id>", …)`` read as a ('code', value) pair would make the id a
    secret for every later text (the issue-9 field case)."""
    redactor = Redactor()
    redact_traceback(LONGREPR, redactor)
    header = "[MUST RFC6749-4.1.2.1] Denying consent issued a code"
    assert redactor.redact(header) == header


SCENARIO = """
import pytest
from harness.checks import Violation, verify
from harness.mock import SEED

@pytest.mark.requirement("RFC6749-4.1.2.1")
def test_quotes_a_secret():
    shown = ("code", "RFC6749-4.1.2.1")
    check = lambda _: Violation("A secret was shown", "none", SEED.user.password, shown[1])
    verify(None, check)
"""


def test_a_failing_scenario_keeps_its_source_and_hides_the_secret(
    pytester: pytest.Pytester,
) -> None:
    from harness.mock import SEED

    pytester.makeconftest('pytest_plugins = ["harness.pytest_plugin"]\n')
    pytester.makepyfile(test_scenarios=SCENARIO)
    result = pytester.runpytest_inprocess(
        f"--targets-dir={REPO / 'fixtures' / 'targets'}", "-p", "no:cacheprovider"
    )
    output = result.stdout.str()
    assert result.ret == 1, output
    assert '    shown = ("code", "RFC6749-4.1.2.1")' in output  # a source line, as written
    assert "[MUST RFC6749-4.1.2.1] A secret was shown" in output
    assert "Actual:   <secret#1>" in output
    assert SEED.user.password not in output
