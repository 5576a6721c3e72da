"""refused() and when_successful(): a 2xx is the line between granted and refused."""

import pytest

from harness.checks import header_has_directive, refused, when_successful
from harness.evidence import Exchange


def reply(status, **headers):
    pairs = [(k.replace("_", "-"), v) for k, v in headers.items()]
    return Exchange(
        "GET", "http://127.0.0.1:1/api/v1/workspaces", status=status, response_headers=pairs
    )


@pytest.mark.parametrize(
    ("status", "ok"),
    [
        (200, False),
        (204, False),
        (299, False),
        (301, True),
        (400, True),
        (401, True),
        (403, True),
        (500, True),
    ],
)
def test_refused_means_any_status_but_2xx(status, ok):
    violation = refused("RFC6750-2.3", "query token accepted")(reply(status))
    assert (violation is None) is ok
    if violation is not None:
        assert violation.summary == "query token accepted"
        assert violation.ref == "RFC6750-2.3"
        assert violation.actual.startswith(f"HTTP {status}")


def test_no_response_is_not_a_refusal():
    broken = Exchange("GET", "http://127.0.0.1:1/", error="ConnectError: refused")
    violation = refused("RFC6750-2.3", "no answer")(broken)
    assert violation is not None
    assert "ConnectError" in violation.actual


def test_when_successful_judges_only_2xx():
    private = header_has_directive("Cache-Control", "private", "RFC6750-2.3", "cacheable")
    check = when_successful(private)
    assert check(reply(401)) is None
    assert check(reply(200, Cache_Control="private, no-store")) is None
    violation = check(reply(200, Cache_Control="public"))
    assert violation is not None
    assert violation.expected == "Cache-Control: private"
    assert violation.actual == "Cache-Control: public"
