# httpx imports httpcore lazily and keeps a map from httpcore's exception classes to its own.
# A pytester in-process run removes the modules first imported inside it; were httpcore among
# them, its classes would be new afterwards, the map would miss them, and a refused connection
# would surface as a raw httpcore.ConnectError in whichever test runs next in that worker.
from collections.abc import Iterator

import httpcore  # noqa: F401
import pytest

from harness.browser import BrowserSession, find_chromium

pytest_plugins = ["pytester"]


@pytest.fixture(scope="session")
def browser_session() -> Iterator[BrowserSession]:
    """One Chromium per test process, for every test that drives one in-process: Playwright's
    sync API allows one instance per thread, so a second would fail in whichever test ran later."""
    if find_chromium() is None:
        pytest.skip("no Chromium here: python -m harness.browser.chromium says how to get one")
    with BrowserSession() as session:
        yield session
