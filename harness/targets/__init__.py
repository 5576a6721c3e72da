"""Target files (TOML): endpoints, clients, user, API probes, browser script and capabilities.

See docs/targets.md for the format.
"""

from harness.targets._discover import discover
from harness.targets._launch import Launched, LaunchSpec, launch, read_launch
from harness.targets._load import load_target, resolve_target
from harness.targets._model import (
    AUTH_METHODS,
    GRANT_TYPES,
    ApiConfig,
    ApiProbe,
    AuthMethod,
    BrowserScript,
    Capabilities,
    ClientConfig,
    Endpoints,
    FailureShape,
    GrantsConfig,
    PageTask,
    Target,
    TargetError,
    TargetKind,
    UserConfig,
    single_line,
    well_known_url,
)
from harness.targets._redirect import (
    LOOPBACK_NAMES,
    PORT_POLICIES,
    PortPolicy,
    RedirectForm,
    RedirectUri,
    RedirectUriError,
    redirect_uri,
)

__all__ = [
    "AUTH_METHODS",
    "GRANT_TYPES",
    "LOOPBACK_NAMES",
    "PORT_POLICIES",
    "ApiConfig",
    "ApiProbe",
    "AuthMethod",
    "BrowserScript",
    "Capabilities",
    "ClientConfig",
    "Endpoints",
    "FailureShape",
    "GrantsConfig",
    "LaunchSpec",
    "Launched",
    "PageTask",
    "PortPolicy",
    "RedirectForm",
    "RedirectUri",
    "RedirectUriError",
    "Target",
    "TargetError",
    "TargetKind",
    "UserConfig",
    "discover",
    "launch",
    "load_target",
    "read_launch",
    "redirect_uri",
    "resolve_target",
    "single_line",
    "well_known_url",
]
