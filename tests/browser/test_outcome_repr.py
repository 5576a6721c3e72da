"""An authorization outcome's repr (printed by pytest for frame arguments) holds no code."""

from harness.browser import AuthorizationOutcome
from harness.evidence import Navigation


def test_outcome_repr_keeps_codes_out() -> None:
    code = "auth-code-that-must-not-show"
    callback = f"http://127.0.0.1:5/callback?code={code}&state=s"
    outcome = AuthorizationOutcome(
        callback_url=callback,
        stopped="callback",
        final_url=callback,
        navigations=[Navigation(callback, kind="redirect")],
        watched_url=callback,
    )
    assert code not in repr(outcome)
    assert "callback" in repr(outcome)
