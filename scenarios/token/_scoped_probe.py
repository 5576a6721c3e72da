"""The ``[api.scoped_probe]`` the scope scenarios judge at the API with."""

import pytest

from harness.flows import StepError


def scope_probe(oauth):
    """The scoped probe and its scope; a skip when the primary client never asks for it."""
    probe = oauth.api_probe("scoped_probe")
    if not probe.scope:
        raise StepError(f"target {oauth.target.name}'s [api.scoped_probe] names no scope")
    if probe.scope not in oauth.client().scope.split():
        pytest.skip(
            f"target {oauth.target.name}'s primary client does not ask for {probe.scope!r}, "
            "which [api.scoped_probe] needs"
        )
    return probe
