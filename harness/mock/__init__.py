"""The bundled mock OAuth 2.0 authorization server (Authlib server components + Flask).

Taskade-shaped (paths, token rules, API envelope), conformant by default, with named defects
that each break one rule. In-process::

    settings = MockSettings()
    state = MockState()
    app = create_app(settings, state)
    client = httpx.Client(transport=httpx.WSGITransport(app=app), base_url=settings.issuer)
    state.defects.enable("code-reusable"); state.clock.advance(61)

Over a real socket (for the browser): ``with MockServer(settings) as server: server.issuer``.
"""

from harness.mock._app import create_app
from harness.mock._clock import Clock
from harness.mock._defects import DEFECTS, Defect, DefectSet, UnknownDefectError, parse_defects
from harness.mock._seed import SEED, ClientSettings, Seed, UserSettings
from harness.mock._server import MockServer
from harness.mock._settings import MockSettings, SettingsError, load_settings
from harness.mock._state import MockState

__all__ = [
    "DEFECTS",
    "SEED",
    "ClientSettings",
    "Clock",
    "Defect",
    "DefectSet",
    "MockServer",
    "MockSettings",
    "MockState",
    "Seed",
    "SettingsError",
    "UnknownDefectError",
    "UserSettings",
    "create_app",
    "load_settings",
    "parse_defects",
]
