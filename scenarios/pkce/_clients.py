"""The clients every PKCE scenario runs for (issue 8, field case 2: a server that checked PKCE
for public clients only). A role the target does not configure is skipped by name."""

import pytest

# Separate lists, because a defect that spares public clients kills only the confidential ones.
CONFIDENTIAL = [pytest.param("primary", id="primary"), pytest.param("second", id="second")]
PUBLIC = [pytest.param("public", id="public")]


def client_note(oauth, role):
    """Say in the evidence which client and authentication method the variant uses."""
    client = oauth.client(role)
    oauth.evidence.add_note(f"client {role!r} ({client.auth_method})")
