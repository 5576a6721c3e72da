"""Protocol steps: they send, record the exchange as evidence and return what came back."""

from harness.flows._api import TokenPlacement, call_api, call_api_raw
from harness.flows._authorize import AuthorizationRequest, Pkce, PkceMethod, new_state
from harness.flows._errors import StepError
from harness.flows._http import DEFAULT_TIMEOUT_S, HttpSession, NoAnswerError
from harness.flows._race import MAX_FAN_OUT, send_together
from harness.flows._results import AuthorizationResponse, Tokens
from harness.flows._token import (
    AuthMethod,
    client_auth,
    exchange_code,
    refresh,
    revoke,
    token_request,
)

__all__ = [
    "DEFAULT_TIMEOUT_S",
    "MAX_FAN_OUT",
    "AuthMethod",
    "AuthorizationRequest",
    "AuthorizationResponse",
    "HttpSession",
    "NoAnswerError",
    "Pkce",
    "PkceMethod",
    "StepError",
    "TokenPlacement",
    "Tokens",
    "call_api",
    "call_api_raw",
    "client_auth",
    "exchange_code",
    "new_state",
    "refresh",
    "revoke",
    "send_together",
    "token_request",
]
