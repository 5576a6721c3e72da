"""The harness as an OAuth client of the target: authorize in a real browser, then exchange,
refresh, revoke and call the API; control authorizations; the pre-flight of a run.

Built on ``harness.flows`` (HTTP steps) and ``harness.browser`` (the browser driver); it never
judges conformance, only whether a scenario can judge.
"""

from harness.client._attempts import OAuthClient
from harness.client._authorization import PRECONDITION, Authorization
from harness.client._client import ClientSteps, Decision, Unavailable
from harness.client._controls import ControlCache, ControlResult
from harness.client._grants import (
    GrantSteps,
    OfferedGrants,
    PasswordCredentials,
    advertised_grants,
    assumed_grants,
    declared_grants,
    no_account,
)
from harness.client._preflight import (
    ANSWER_TIMEOUT_S as PREFLIGHT_ANSWER_S,
)
from harness.client._preflight import (
    CONNECT_TIMEOUT_S as PREFLIGHT_CONNECT_S,
)
from harness.client._preflight import (
    PREFLIGHT_FAILED,
    PREFLIGHT_PREFIX,
    PreflightError,
    PreflightReport,
    browser_hosts,
    run_preflight,
)
from harness.client._shared import SharedSamples, SignIns
from harness.client._wait import Waiter

__all__ = [
    "PRECONDITION",
    "PREFLIGHT_ANSWER_S",
    "PREFLIGHT_CONNECT_S",
    "PREFLIGHT_FAILED",
    "PREFLIGHT_PREFIX",
    "Authorization",
    "ClientSteps",
    "ControlCache",
    "ControlResult",
    "Decision",
    "GrantSteps",
    "OAuthClient",
    "OfferedGrants",
    "PasswordCredentials",
    "PreflightError",
    "PreflightReport",
    "SharedSamples",
    "SignIns",
    "Unavailable",
    "Waiter",
    "advertised_grants",
    "assumed_grants",
    "browser_hosts",
    "declared_grants",
    "no_account",
    "run_preflight",
]
