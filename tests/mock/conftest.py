"""Fixtures for the mock's own tests: the app in-process (httpx.WSGITransport) and on a socket."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import flask
import httpx
import pytest

from harness.mock import MockServer, MockSettings, MockState, create_app
from tests.mock.flow import Flow


@pytest.fixture
def settings() -> MockSettings:
    """Override in a test module (or parametrize indirectly) for other settings."""
    return MockSettings()


@pytest.fixture
def state() -> MockState:
    return MockState()


@pytest.fixture
def app(settings: MockSettings, state: MockState) -> flask.Flask:
    return create_app(settings, state)


@pytest.fixture
def new_browser(app: flask.Flask, settings: MockSettings) -> Iterator[Callable[[], httpx.Client]]:
    """Makes httpx clients wired to the app in-process; each keeps its own cookies."""
    clients: list[httpx.Client] = []

    def make() -> httpx.Client:
        client = httpx.Client(transport=httpx.WSGITransport(app=app), base_url=settings.issuer)
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.close()


@pytest.fixture
def http(new_browser: Callable[[], httpx.Client]) -> httpx.Client:
    """The in-process client most tests use (one browser session)."""
    return new_browser()


@pytest.fixture
def flow(http: httpx.Client) -> Flow:
    return Flow(http)


@pytest.fixture
def server() -> Iterator[MockServer]:
    """The mock on a real socket (127.0.0.1, a free port)."""
    with MockServer(MockSettings()) as running:
        yield running


@pytest.fixture
def socket_http(server: MockServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server.base_url, timeout=10) as client:
        yield client
