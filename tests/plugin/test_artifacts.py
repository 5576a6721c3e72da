"""Browser traces and screenshots are staged outside the reports; a failed scenario's are
published to ``browser-artifacts/`` scrubbed, and every staged file is removed."""

import io
import json
import zipfile

import pytest

from .test_verdicts import run

CONFTEST_EXTRA = """
import io, json, zipfile
from harness.mock import SEED
from harness.pytest_plugin import ARTIFACTS_KEY

PNG = b"\\x89PNG\\r\\n\\x1a\\n" + bytes(16)

@pytest.fixture
def kept(request, tmp_path_factory):
    folder = tmp_path_factory.mktemp("staged")
    trace = io.BytesIO()
    with zipfile.ZipFile(trace, "w") as archive:
        # The password the browser typed, as Playwright's action log records it.
        typed = {"method": "fill", "params": {"value": SEED.user.password}}
        archive.writestr("trace.trace", json.dumps(typed))
        archive.writestr("resources/font.woff2", b"\\x00\\x01 binary")
    paths = [folder / f"{request.node.name}.zip", folder / f"{request.node.name}.png"]
    paths[0].write_bytes(trace.getvalue())
    paths[1].write_bytes(PNG)
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
    result = run(pytester, "--summary-dir=out", conftest_extra=CONFTEST_EXTRA)
    result.assert_outcomes(passed=1, failed=1)
    published = pytester.path / "out" / "browser-artifacts"
    assert sorted(p.name for p in published.iterdir()) == ["test_fails.png", "test_fails.zip"]
    staged = [p for p in pytester.path.parent.rglob("test_*.*") if "staged" in str(p)]
    assert staged == []
    assert any("browser artifacts" in line for line in result.outlines)
    assert any(str(published / "test_fails.zip") in line for line in result.outlines)


def test_a_published_trace_is_scrubbed(pytester: pytest.Pytester) -> None:
    """No scenario evidence here: the target file's secrets, known up front, still apply."""
    pytester.makepyfile(test_art=TESTS)
    run(pytester, "--summary-dir=out", conftest_extra=CONFTEST_EXTRA).assert_outcomes(
        passed=1, failed=1
    )
    data = (pytester.path / "out" / "browser-artifacts" / "test_fails.zip").read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.namelist() == ["trace.trace"]  # the binary entry cannot be read: dropped
        typed = json.loads(archive.read("trace.trace"))
    assert typed == {"method": "fill", "params": {"value": "<secret#1>"}}
