"""Root conftest: the harness plugin, the fixture modules, and the Hypothesis profiles."""

import os

import pytest
from hypothesis import HealthCheck, settings

pytest_plugins = [
    "harness.pytest_plugin",
    "fixtures.target",
    "fixtures.mock_server",
    "fixtures.evidence",
    "fixtures.browser",
    "fixtures.flows",
]

# ci: the default, thorough but bounded; live: few examples, for a rate-limited real server;
# deep: for a security review with time to spare.
settings.register_profile(
    "ci", max_examples=2000, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile("live", max_examples=10, deadline=None)
settings.register_profile(
    "deep", max_examples=20000, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
PROFILES = ("ci", "live", "deep")


def pytest_configure(config):
    profile = os.environ.get("HYPOTHESIS_PROFILE", "ci")
    if profile not in PROFILES:
        raise pytest.UsageError(
            f"HYPOTHESIS_PROFILE={profile!r} is not one of: {', '.join(PROFILES)}"
        )
    settings.load_profile(profile)
