"""What every route module needs: settings, state and the Authlib server objects of one app."""

from __future__ import annotations

from dataclasses import dataclass

from harness.mock._oauth import MockAuthorizationServer
from harness.mock._settings import MockSettings
from harness.mock._state import MockState


@dataclass(frozen=True)
class MockContext:
    settings: MockSettings
    state: MockState
    server: MockAuthorizationServer

    @property
    def issuer(self) -> str:
        return self.settings.issuer

    def url(self, path: str) -> str:
        return self.settings.issuer + path
