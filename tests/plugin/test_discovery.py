"""A target with ``discover = true`` gets its endpoints from the issuer's RFC 8414 metadata."""

from pathlib import Path

import pytest

from .test_verdicts import TARGETS

CONFTEST = """
pytest_plugins = ["harness.pytest_plugin", "fixtures.target", "fixtures.mock_server"]
"""

PROBE = """
def test_endpoints_come_from_metadata(target):
    issuer = target.endpoints.issuer
    assert issuer.startswith("http://127.0.0.1:")
    assert target.endpoints.authorization == issuer + "/oauth2/authorize"
    assert target.endpoints.token == issuer + "/oauth2/token"
    assert target.endpoints.revocation == issuer + "/oauth2/revoke"
"""


def test_discovered_mock_target_is_filled_in(pytester: pytest.Pytester) -> None:
    text = (TARGETS / "mock.toml").read_text()
    start = text.index('authorization = "/oauth2/authorize"')
    end = text.index("\n", text.index('metadata = "'))
    discovered = pytester.path / "discovered.toml"
    discovered.write_text(text[:start] + "discover = true" + text[end:])
    pytester.makeconftest(CONFTEST)
    pytester.makepyfile(test_probe=PROBE)
    pytester.syspathinsert(Path(__file__).resolve().parents[2])
    result = pytester.runpytest_inprocess(f"--target={discovered}", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=1)
