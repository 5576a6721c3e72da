"""Refresh-token rotation and replay detection for public clients (RFC 9700 §2.2.2, §4.14.2).

Rotation is only a MAY for confidential clients (RFC 6749 §6), which would make a finding that
neither fails nor kills; for a public client it is the MUST the target chose (the alternative,
sender-constrained refresh tokens, is not what ``refresh_rotation`` declares).
"""

import pytest

from harness.checks import json_field_differs, status_is, token_error, verify
from harness.flows import Tokens

pytestmark = [pytest.mark.browser]


def public_refresh_token(oauth) -> str:
    """The public client's first refresh token; without one, §2.2.2 has nothing to apply to."""
    tokens = oauth.tokens("public")
    if tokens.refresh_token is None:
        pytest.skip(f"target {oauth.target.name} issues no refresh token to the public client")
    return tokens.refresh_token


@pytest.mark.requirement("RFC9700-2.2.2", "RFC9700-4.14.2", "RFC6749-6")
@pytest.mark.catalogue(86)
@pytest.mark.needs("refresh", "refresh_rotation", "public_client")
@pytest.mark.kills("refresh-not-rotated", "refresh-rotated-still-valid")
def test_public_client_refresh_token_is_rotated(oauth):
    """RFC 9700 §2.2.2: "Refresh tokens for public clients MUST be sender-constrained or use
    refresh token rotation"; §4.14.2: "the authorization server issues a new refresh token with
    every access token refresh response. The previous refresh token is invalidated"."""
    spent = public_refresh_token(oauth)
    response = oauth.refresh(spent, client="public")
    verify(
        response,
        status_is(200, "RFC6749-6", "A valid refresh token of the public client was refused"),
        json_field_differs(
            "refresh_token",
            spent,
            "RFC9700-4.14.2",
            "The refresh response carries no new refresh token (no rotation)",
        ),
    )
    replay = oauth.refresh(spent, client="public")
    verify(replay, *token_error("invalid_grant", ref="RFC9700-4.14.2"))


@pytest.mark.requirement("RFC9700-4.14.2")
@pytest.mark.catalogue(87)
@pytest.mark.needs("refresh", "refresh_rotation", "public_client")
@pytest.mark.kills("refresh-reuse-keeps-family", "refresh-rotated-still-valid")
def test_replayed_refresh_token_revokes_the_active_one(oauth):
    """RFC 9700 §4.14.2: "If a refresh token is compromised and subsequently used by both the
    attacker and the legitimate client, one of them will present an invalidated refresh token,
    which will inform the authorization server of the breach. The authorization server cannot
    determine which party submitted the invalid refresh token, but it will revoke the active
    refresh token"."""
    spent = public_refresh_token(oauth)
    active = Tokens.from_exchange(oauth.refresh(spent, client="public")).require_refresh_token()
    replay = oauth.refresh(spent, client="public")
    verify(replay, *token_error("invalid_grant", ref="RFC9700-4.14.2"))
    after_replay = oauth.refresh(active, client="public")
    verify(after_replay, *token_error("invalid_grant", ref="RFC9700-4.14.2"))
