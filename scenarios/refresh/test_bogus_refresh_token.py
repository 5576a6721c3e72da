"""A refresh token the server never issued is refused (RFC 6749 §6)."""

import secrets
import string

import pytest

from harness.attacks import FORGERY_CORPUS, budget, explore, forged, forgeries
from harness.checks import no_server_error, token_error, verify

pytestmark = [pytest.mark.browser]  # the control authorizes in the browser

# b64token-shaped values (RFC 6749 App. A.17 allows any VSCHAR), so the one right answer is
# invalid_grant: short, the usual 256-bit size, and far longer than anything issued.
LENGTHS = {"short": 1, "typical": 43, "long": 2048}
ALPHABET = string.ascii_letters + string.digits + "-._~"


@pytest.mark.requirement("RFC6749-6", "RFC6749-5.2")
@pytest.mark.catalogue(93)
@pytest.mark.needs("refresh")
@pytest.mark.kills("wrong-error-code", "errors-as-200")
@pytest.mark.parametrize("length", list(LENGTHS.values()), ids=list(LENGTHS))
def test_unknown_refresh_token_is_rejected(oauth, length):
    """RFC 6749 §6: the authorization server MUST "validate the refresh token"; §5.2:
    invalid_grant — "The provided authorization grant … or refresh token is invalid, expired,
    revoked …"."""
    oauth.require_token_control()  # the happy path works: a refusal means something
    bogus = "".join(secrets.choice(ALPHABET) for _ in range(length))
    verify(oauth.refresh(bogus), *token_error("invalid_grant", ref="RFC6749-6"))


@pytest.mark.requirement("RFC6749-6", "RFC6749-5.2")
@pytest.mark.needs("refresh")
@pytest.mark.kills("forged-refresh-token-500")
def test_forged_refresh_tokens_are_rejected(oauth):
    """RFC 6749 §6: the authorization server MUST "validate the refresh token"; §5.2:
    invalid_grant. Forgeries made from a real refresh token (a character changed, cut, padded
    past 255 characters, non-ASCII or control characters added), then a bounded Hypothesis
    search: each gets an error response, never tokens and never a server error. The real
    token is never sent and never shown; each forgery is named by its change."""
    oauth.require_token_control()  # the happy path works: a refusal means something
    real = oauth.tokens().require_refresh_token()

    def judge(mutation):
        oauth.evidence.add_note(f"forged refresh token: {mutation!r}")
        verify(
            oauth.refresh(forged(mutation, real)),
            no_server_error("RFC6749-5.2"),
            *token_error("invalid_grant", "invalid_request", ref="RFC6749-6"),
        )

    explore(judge, FORGERY_CORPUS, forgeries(), examples=budget(oauth.target.kind))
