"""Target files (TOML): endpoints, clients, user, API probes, browser script and capabilities.

See docs/targets.md for the format.
"""

from harness.targets._discover import discover
from harness.targets._load import load_target, resolve_target
from harness.targets._model import (
    AUTH_METHODS,
    ApiConfig,
    ApiProbe,
    AuthMethod,
    BrowserScript,
    Capabilities,
    ClientConfig,
    Endpoints,
    FailureShape,
    PageTask,
    Target,
    TargetError,
    TargetKind,
    UserConfig,
    well_known_url,
)

__all__ = [
    "AUTH_METHODS",
    "ApiConfig",
    "ApiProbe",
    "AuthMethod",
    "BrowserScript",
    "Capabilities",
    "ClientConfig",
    "Endpoints",
    "FailureShape",
    "PageTask",
    "Target",
    "TargetError",
    "TargetKind",
    "UserConfig",
    "discover",
    "load_target",
    "resolve_target",
    "well_known_url",
]
