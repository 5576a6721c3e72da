"""The loopback callback listener: a real server, bounded memory, redirect URIs with its port."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from harness.browser import CallbackListener, LoopbackListeners, PortInUseError, hold_fixed_ports
from harness.targets import redirect_uri


@pytest.fixture
def listener() -> Iterator[CallbackListener]:
    with CallbackListener(keep=3) as running:
        yield running


def test_answers_any_get_with_a_small_page_and_records_the_url(
    listener: CallbackListener,
) -> None:
    url = f"{listener.base_url}/callback?code=abc&state=xyz"
    response = httpx.get(url)
    assert response.status_code == 200
    assert "authorization complete" in response.text
    assert response.headers["cache-control"] == "no-store"
    assert listener.received == [url]


def test_keeps_only_the_last_n(listener: CallbackListener) -> None:
    with httpx.Client(base_url=listener.base_url) as client:
        for i in range(5):
            client.get(f"/cb?i={i}")
    assert listener.received == [f"{listener.base_url}/cb?i={i}" for i in (2, 3, 4)]


def test_received_since_a_mark(listener: CallbackListener) -> None:
    httpx.get(f"{listener.base_url}/before")
    mark = listener.mark()
    httpx.get(f"{listener.base_url}/after")
    assert listener.received_since(mark) == [f"{listener.base_url}/after"]
    listener.clear()
    assert listener.received == []


def test_wait_for_returns_the_matching_url(listener: CallbackListener) -> None:
    httpx.get(f"{listener.base_url}/callback?code=1")
    assert listener.wait_for(f"{listener.base_url}/callback", 1.0) is not None
    assert listener.wait_for(f"{listener.base_url}/other", 0.01) is None


@pytest.mark.parametrize(
    ("registered", "sent"),
    [
        ("http://127.0.0.1/callback", "http://127.0.0.1:{port}/callback"),
        ("http://127.0.0.1/cb?x=1", "http://127.0.0.1:{port}/cb?x=1"),
        ("http://[::1]/callback", "http://[::1]:{port6}/callback"),
    ],
)
def test_any_port_redirect_uris_go_to_the_listener_of_their_address(
    registered: str, sent: str
) -> None:
    listeners = LoopbackListeners()
    try:
        uri = listeners.redirect_uri_for(redirect_uri(registered, None))
        port, port6 = listeners.for_host("127.0.0.1").port, listeners.for_host("::1").port
        assert uri == sent.format(port=port, port6=port6)
        assert httpx.get(uri).status_code == 200  # a real page answers there
    finally:
        listeners.stop()


@pytest.mark.parametrize(
    "registered",
    [
        "http://127.0.0.1:8765/callback",
        "http://localhost:3000/cb",
        "http://[::1]:8765/callback",
        "https://app.example.com/oauth/callback",
        "https://127.0.0.1/cb",
    ],
)
def test_other_forms_are_sent_exactly_as_registered(registered: str) -> None:
    listeners = LoopbackListeners()
    try:
        assert listeners.redirect_uri_for(redirect_uri(registered, None)) == registered
    finally:
        listeners.stop()


def test_a_fixed_port_is_held_once_and_a_taken_one_named_in_one_line() -> None:
    with CallbackListener() as other_program:
        taken = other_program.port
        with pytest.raises(PortInUseError) as info:
            hold_fixed_ports([redirect_uri(f"http://127.0.0.1:{taken}/cb", None)])
        assert str(taken) in str(info.value)
        assert "\n" not in str(info.value)
    held = hold_fixed_ports(
        [
            redirect_uri(f"http://127.0.0.1:{taken}/cb", None),
            redirect_uri(f"http://localhost:{taken}/other", None),  # same address and port
            redirect_uri("https://app.example.com/cb", None),  # nothing to hold
            redirect_uri("http://127.0.0.1/cb", None),  # any port: each worker's own
        ]
    )
    try:
        assert sorted((h.host, h.port) for h in held) == [("127.0.0.1", taken), ("::1", taken)]
        assert httpx.get(f"http://127.0.0.1:{taken}/cb?code=x").status_code == 200
    finally:
        for listener in held:
            listener.stop()


def test_an_ipv6_listener_serves_on_the_ipv6_loopback() -> None:
    with CallbackListener(host="::1") as listener:
        assert listener.base_url == f"http://[::1]:{listener.port}"
        assert httpx.get(f"{listener.base_url}/callback?x=1").status_code == 200
        assert listener.received == [f"{listener.base_url}/callback?x=1"]


def test_a_listener_binds_loopback_addresses_only() -> None:
    with pytest.raises(ValueError, match="loopback"):
        CallbackListener(host="0.0.0.0")


def test_binds_loopback_only_and_stops_cleanly() -> None:
    listener = CallbackListener()
    listener.start()
    port = listener.port
    assert listener.base_url == f"http://127.0.0.1:{port}"
    listener.stop()
    with pytest.raises(RuntimeError, match="not started"):
        _ = listener.port
    with pytest.raises(httpx.ConnectError):
        httpx.get(f"http://127.0.0.1:{port}/")


def test_a_localhost_port_taken_on_the_ipv6_loopback_is_refused_too() -> None:
    """Chromium tries ::1 first for localhost: a program there would get the codes."""
    with CallbackListener(host="::1") as other_program:
        taken = other_program.port
        with pytest.raises(PortInUseError, match=f"port {taken} .* on ::1"):
            hold_fixed_ports([redirect_uri(f"http://localhost:{taken}/cb", None)])
