"""What keeps the browser on this machine: resolver rules and the outside-request pattern."""

from __future__ import annotations

import pytest

from harness.browser import BASE_ARGS, launch_args
from harness.browser._session import outside_pattern


def test_resolver_maps_every_name_but_loopback_to_notfound() -> None:
    args = launch_args()
    assert args[: len(BASE_ARGS)] == list(BASE_ARGS)
    assert args[-1] == (
        "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE ::1, EXCLUDE localhost"
    )
    for flag in ("--no-sandbox", "--disable-gpu", "--disable-quic", "--disable-sync"):
        assert flag in args


def test_allowed_hosts_are_explicit_exclusions() -> None:
    assert launch_args(["www.taskade.com"])[-1].endswith(", EXCLUDE www.taskade.com")


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8080/oauth2/authorize?x=1",
        "http://127.0.0.1/",
        "http://localhost:5000/static/app.css",
        "ws://127.0.0.1:9/socket",
        "http://127.0.0.1:8080?x",
        "http://[::1]:8080/callback",
    ],
)
def test_loopback_urls_are_let_through(url: str) -> None:
    assert outside_pattern().search(url) is None


@pytest.mark.parametrize(
    "url",
    [
        "https://fonts.example.com/font.css",
        "http://127.0.0.1.evil.example/",
        "http://localhost.evil.example:80/",
        "http://127.0.0.2/",
        "http://[::2]:8080/",
        "http://[::1.evil.example]/",
        "http://user@evil.example/?127.0.0.1",
        "http://127.0.0.1@evil.example/",
        "ftp://127.0.0.1/file",
    ],
)
def test_everything_else_is_aborted(url: str) -> None:
    assert outside_pattern().search(url) is not None


def test_allowed_hosts_are_let_through_and_escaped() -> None:
    pattern = outside_pattern(["www.taskade.com"])
    assert pattern.search("https://www.taskade.com/oauth2/authorize") is None
    assert pattern.search("https://wwwXtaskade.com/") is not None
