"""A malformed Authorization header never gets the real token accepted (RFC 6750 §2.1, §3.1)."""

import pytest

from harness.attacks import HEADER_CORPUS, HeaderForm, budget, explore, header_forms
from harness.checks import no_server_error, refused, status_in, verify
from harness.spec import Level

pytestmark = [pytest.mark.browser]


@pytest.mark.requirement("RFC6750-2.1", "RFC6750-3.1")
@pytest.mark.catalogue(104)
@pytest.mark.kills("bearer-header-lenient", "bearer-header-server-error")
def test_malformed_authorization_header_is_refused(oauth):
    """RFC 6750 §2.1: ``credentials = "Bearer" 1*SP b64token``; §3.1: invalid_request — the
    request "includes an unsupported parameter or parameter value, repeats the same parameter,
    uses more than one method for including an access token, or is otherwise malformed. The
    resource server SHOULD respond with the HTTP 400 (Bad Request) status code."

    Each malformed form (no token, two tokens, a quoted token, characters outside b64token, the
    Basic scheme, a very long token, two Authorization lines) carries the real access token, so
    a parser that digs it out is served. Never 2xx and never 5xx (MUST); 400 invalid_request or
    401 (SHOULD; 431, RFC 6585 §5, for a header too large to read). The corpus first, then a
    bounded search over recombinations."""
    oauth.require_token_control()  # the happy path works: a refusal means something
    token = oauth.tokens().access_token
    probe = oauth.target.api.probe

    def judge(form: HeaderForm) -> None:
        response = oauth.call_api_raw(probe=probe, authorization=form.values(token))
        why = f"A malformed Authorization header ({form.name}) was"
        verify(
            response,
            refused("RFC6750-2.1", f"{why} accepted with the real token"),
            no_server_error("RFC6750-3.1"),
        )
        verify(
            response,
            status_in((400, 401, 431), "RFC6750-3.1", f"{why} not answered 400 or 401"),
            level=Level.SHOULD,
        )

    explore(judge, HEADER_CORPUS, header_forms(), examples=budget(oauth.target.kind))
