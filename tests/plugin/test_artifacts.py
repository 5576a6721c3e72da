"""Browser traces and screenshots are kept for failed scenarios and removed for passing ones."""

import pytest

from .test_verdicts import run

CONFTEST_EXTRA = """
from harness.pytest_plugin import ARTIFACTS_KEY

@pytest.fixture
def kept(request, tmp_path_factory):
    folder = tmp_path_factory.mktemp("artifacts")
    paths = [folder / f"{request.node.name}.zip", folder / f"{request.node.name}.png"]
    for path in paths:
        path.write_bytes(b"x")
    request.node.stash[ARTIFACTS_KEY] = paths
    return paths
"""

TESTS = """
import pytest
from harness.checks import status_is, verify
from harness.evidence import Exchange

@pytest.mark.requirement("RFC6749-5.1")
def test_passes(kept):
    pass

@pytest.mark.requirement("RFC6749-5.1")
def test_fails(kept):
    verify(Exchange("GET", "http://127.0.0.1:1/", status=500), status_is(200, "RFC6749-5.1"))
"""


def test_artifacts_follow_the_verdict(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_art=TESTS)
    result = run(pytester, conftest_extra=CONFTEST_EXTRA)
    result.assert_outcomes(passed=1, failed=1)
    kept = {p.name for p in pytester.path.parent.rglob("test_*.zip")} | {
        p.name for p in pytester.path.parent.rglob("test_*.png")
    }
    assert kept == {"test_fails.zip", "test_fails.png"}
    assert any("browser artifacts" in line for line in result.outlines)
