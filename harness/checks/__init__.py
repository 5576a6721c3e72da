"""Pure checks over recorded evidence, and ``verify`` which turns violations into verdicts.

A check never sends a request and never decides severity: the scenario passes the level.
"""

from harness.checks._authz import (
    NavigationCheck,
    navigated_to,
    never_navigated_to,
    param_absent,
    param_equals,
    param_present,
    query_params,
)
from harness.checks._bearer import bearer_challenge_present, bearer_error_is, parse_challenges
from harness.checks._callback import (
    code_issued,
    no_code_issued,
    not_redirected_to,
    only_params,
    param_in,
    redirect_carries_no_code,
    when_redirected,
)
from harness.checks._consent import page_shown
from harness.checks._entropy import (
    EntropyEstimate,
    all_distinct,
    entropy_at_least,
    estimate_entropy,
    vschar_only,
)
from harness.checks._grants import (
    Offered,
    error_code_not,
    grant_not_offered,
    params_not_in_query,
    response_param_is,
    same_answer_as,
)
from harness.checks._http import (
    body_is_json_object,
    header_absent,
    header_has_directive,
    json_includes,
    media_type_is,
    no_server_error,
    status_in,
    status_is,
    status_not_in,
)
from harness.checks._links import generated_urls, urls_avoid_host
from harness.checks._metadata import (
    endpoint_uses_tls,
    is_loopback_host,
    issuer_equals,
    issuer_is_https,
    lists,
    omits,
    supported,
    url_has_no_fragment,
)
from harness.checks._oauth import (
    TOKEN_ERROR_CODES,
    error_code_is,
    expires_in_at_most,
    expires_in_is_positive_integer,
    json_field_absent,
    json_field_differs,
    json_field_present,
    token_type_is_bearer,
)
from harness.checks._pages import (
    STRICT_REFERRER_POLICIES,
    no_post_redirected_with,
    not_rendered_in_frame,
    pages_forbid_framing,
    pages_have_strict_referrer_policy,
    referrer_policy,
)
from harness.checks._redirects import no_server_error_page, redirect_refused
from harness.checks._response_urls import (
    TOKEN_PARAMS,
    no_tokens_in_urls,
    params_not_in_fragment,
)
from harness.checks._scope import (
    api_agrees_with_scope,
    granted_scope,
    scope_excludes,
    scope_includes,
)
from harness.checks._success import at_most_one_success, refused, successes, when_successful
from harness.checks._token_errors import (
    error_fields_well_formed,
    invalid_client_challenge,
    token_error,
    token_error_status,
)
from harness.checks._verify import Check, collect, verify
from harness.checks._view import header, json_body, json_object
from harness.checks._violation import (
    ConformanceFailure,
    ConformanceFinding,
    ConformanceWarning,
    Violation,
)

__all__ = [
    "STRICT_REFERRER_POLICIES",
    "TOKEN_ERROR_CODES",
    "TOKEN_PARAMS",
    "Check",
    "ConformanceFailure",
    "ConformanceFinding",
    "ConformanceWarning",
    "EntropyEstimate",
    "NavigationCheck",
    "Offered",
    "Violation",
    "all_distinct",
    "api_agrees_with_scope",
    "at_most_one_success",
    "bearer_challenge_present",
    "bearer_error_is",
    "body_is_json_object",
    "code_issued",
    "collect",
    "endpoint_uses_tls",
    "entropy_at_least",
    "error_code_is",
    "error_code_not",
    "error_fields_well_formed",
    "estimate_entropy",
    "expires_in_at_most",
    "expires_in_is_positive_integer",
    "generated_urls",
    "grant_not_offered",
    "granted_scope",
    "header",
    "header_absent",
    "header_has_directive",
    "invalid_client_challenge",
    "is_loopback_host",
    "issuer_equals",
    "issuer_is_https",
    "json_body",
    "json_field_absent",
    "json_field_differs",
    "json_field_present",
    "json_includes",
    "json_object",
    "lists",
    "media_type_is",
    "navigated_to",
    "never_navigated_to",
    "no_code_issued",
    "no_post_redirected_with",
    "no_server_error",
    "no_server_error_page",
    "no_tokens_in_urls",
    "not_redirected_to",
    "not_rendered_in_frame",
    "omits",
    "only_params",
    "page_shown",
    "pages_forbid_framing",
    "pages_have_strict_referrer_policy",
    "param_absent",
    "param_equals",
    "param_in",
    "param_present",
    "params_not_in_fragment",
    "params_not_in_query",
    "parse_challenges",
    "query_params",
    "redirect_carries_no_code",
    "redirect_refused",
    "referrer_policy",
    "refused",
    "response_param_is",
    "same_answer_as",
    "scope_excludes",
    "scope_includes",
    "status_in",
    "status_is",
    "status_not_in",
    "successes",
    "supported",
    "token_error",
    "token_error_status",
    "token_type_is_bearer",
    "url_has_no_fragment",
    "urls_avoid_host",
    "verify",
    "vschar_only",
    "when_redirected",
    "when_successful",
]
