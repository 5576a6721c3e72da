"""The loopback callback listener: a real server, bounded memory, redirect URIs with its port."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from harness.browser import CallbackListener


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


def test_redirect_uri_for_puts_in_the_listener_port(listener: CallbackListener) -> None:
    port = listener.port
    assert listener.redirect_uri_for("http://127.0.0.1/callback") == (
        f"http://127.0.0.1:{port}/callback"
    )
    assert listener.redirect_uri_for("http://localhost:8080/cb?x=1") == (
        f"http://localhost:{port}/cb?x=1"
    )


@pytest.mark.parametrize(
    "template", ["https://client.example.com/callback", "https://127.0.0.1/cb", "http://[::1]/cb"]
)
def test_redirect_uri_for_refuses_non_loopback_http(
    listener: CallbackListener, template: str
) -> None:
    with pytest.raises(ValueError, match="not a loopback http URL") as info:
        listener.redirect_uri_for(template)
    assert "\n" not in str(info.value)


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
