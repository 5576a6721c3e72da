"""The bundled mock OAuth 2.0 authorization server (Authlib server components + Flask).

Taskade-shaped (paths, token rules, API envelope), conformant by default, with named defects
that each break one rule. In-process::

    settings = MockSettings()
    state = MockState()
    app = create_app(settings, state)
    client = httpx.Client(transport=httpx.WSGITransport(app=app), base_url=settings.issuer)
    state.defects.enable("code-reusable"); state.clock.advance(61)

Over a real socket (for the browser): ``with MockServer(settings) as server: server.issuer``.

Where the RFCs allow several behaviours, the mock (with no defect on) does this:

- Bad or missing client_id, unregistered redirect_uri (exact string match; any port only for
  ``http://127.0.0.1`` / ``http://[::1]``), or ANY repeated authorization parameter: 400 error
  page (``#error`` holds the code, ``invalid_request``), never a redirect. Other authorization
  errors redirect (302 after GET, 303 after POST) with ``error``, ``state`` and ``iss``.
- Missing response_type → ``invalid_request``; other than ``code`` → ``unsupported_response_type``
  (``token`` is served only where the implicit grant is enabled).
- Grants (setting ``grant_types``): authorization_code, refresh_token and client_credentials by
  default; password and implicit only when listed (or under a defect that enables them). The
  metadata advertises exactly what is served. Client credentials: confidential clients only
  (a public one gets ``unauthorized_client``), the client's registered scopes, no refresh
  token; its token works at the API, where ``/oauth2/ping`` answers ``{"handle": null,
  "client_id": ...}``. Password: one ``invalid_grant`` for an unknown user and a wrong password.
- Scope: ``read write`` allowed, ``*`` means all of them, ``mcp`` accepted, default ``read``,
  anything else ``invalid_scope``. Token responses always carry ``scope``.
- PKCE: S256 (plain only with ``pkce_plain_allowed``); a challenge without method means plain.
  Missing or wrong verifier → ``invalid_grant``; malformed verifier → ``invalid_request``;
  a verifier for a code without challenge → ``invalid_request``. A refused exchange does not
  spend the code. Public clients must use PKCE.
- invalid_client is always 401 with ``WWW-Authenticate: Basic realm="taskade-mock"``.
- Refresh tokens rotate; a rotated token replayed revokes the whole family (its code's tokens).
  A narrower refresh scope applies to the new access token; the new refresh token keeps the
  original scope.
- Revocation: unknown token → 200; a token of another client → 400 ``invalid_grant`` (not
  revoked); an unknown token_type_hint is ignored; revoking a refresh token revokes its family.
- API: a token in ``?access_token=`` is not accepted and counts as no credentials (401, bare
  ``Bearer realm="taskade-mock"`` challenge); header and query together → 400
  ``invalid_request``; malformed ``Bearer`` credentials → 400 ``invalid_request``; another
  scheme (``Basic``) counts as no credentials.
"""

from harness.mock._app import create_app
from harness.mock._clock import Clock
from harness.mock._defects import DEFECTS, Defect, UnknownDefectError, parse_defects
from harness.mock._seed import (
    DEFAULT_GRANT_TYPES,
    GRANT_TYPES,
    SEED,
    ClientSettings,
    Seed,
    UserSettings,
)
from harness.mock._server import MockServer
from harness.mock._settings import MockSettings, SettingsError, load_settings
from harness.mock._state import DefectSet, GrantTypes, MockState

__all__ = [
    "DEFAULT_GRANT_TYPES",
    "DEFECTS",
    "GRANT_TYPES",
    "SEED",
    "ClientSettings",
    "Clock",
    "Defect",
    "DefectSet",
    "GrantTypes",
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
