"""The implicit grant (response_type=token, RFC 6749 §4.2): clients SHOULD NOT use it (RFC 9700
§2.1.2), so offering it, or honouring it unadvertised, is reported; where a target offers it,
its response rules are checked (RFC 6749 §4.2.2)."""

import pytest

from harness.checks import (
    TOKEN_PARAMS,
    grant_not_offered,
    no_tokens_in_urls,
    params_not_in_fragment,
    params_not_in_query,
    response_param_is,
    verify,
)
from harness.flows import StepError
from harness.spec import Level

pytestmark = [pytest.mark.browser]

NO_REFRESH_TOKEN = params_not_in_fragment(
    ("refresh_token",),
    "RFC6749-4.2.2",
    "The implicit grant issued a refresh token in the redirect URI",
    expected="no refresh token (RFC 6749 §4.2.2)",
)


def _urls(grant):
    """Every URL the authorization sent the browser to, with the redirects' fragments."""
    outcome = grant.outcome
    return [nav.url for nav in outcome.navigations] + outcome.locations


def _implicit(oauth):
    """An implicit authorization (no PKCE: the code grant's binding means nothing here), after a
    control; the URLs it produced. A StepError unless a token came back: the target offers the
    grant, so a refusal leaves nothing to judge (the not-offered scenario reports offering it)."""
    request = oauth.request().but(response_type="token", pkce=None)
    grant = oauth.attempt(request)
    urls = _urls(grant)
    if no_tokens_in_urls("RFC6749-4.2.2", "")(urls) is None:
        raise StepError(
            f"the implicit authorization returned no access token ({grant.summary()}); "
            "the scenario's precondition could not be met"
        )
    return request, urls


@pytest.mark.requirement("RFC9700-2.1.2", "RFC8414-2", "RFC6749-4.2.2", level="SHOULD")
@pytest.mark.catalogue(29)
@pytest.mark.kills("implicit-grant-offered", "implicit-grant-enabled")
def test_implicit_grant_is_not_offered(oauth):
    """RFC 9700 §2.1.2: "clients SHOULD NOT use the implicit grant (response type "token") or
    other response types issuing access tokens in the authorization response". A target that
    declares or advertises it gets a warning naming where. Otherwise response_type=token is
    probed: a refusal (an error page, or an error redirect such as unsupported_response_type)
    passes; tokens in the redirect are a warning (a grant offered silently, RFC 8414 §2), and a
    failure if a refresh token is among them (RFC 6749 §4.2.2: "MUST NOT issue a refresh
    token")."""
    offered = oauth.offered_grants()
    verify(
        offered,
        grant_not_offered(
            "implicit",
            "RFC9700-2.1.2",
            "The server offers the implicit grant (response_type=token)",
        ),
        level=Level.SHOULD,
    )
    if "implicit" in offered:
        return
    grant = oauth.attempt(oauth.request().but(response_type="token", pkce=None))
    urls = _urls(grant)
    verify(urls, NO_REFRESH_TOKEN)
    verify(
        urls,
        no_tokens_in_urls(
            "RFC9700-2.1.2",
            "The server honours response_type=token (the implicit grant), though "
            + offered.not_offered_because("implicit"),
        ),
        level=Level.SHOULD,
    )


@pytest.mark.requirement("RFC6749-4.2.2")
@pytest.mark.kills("implicit-token-in-query")
def test_implicit_grant_returns_tokens_only_in_the_fragment(oauth):
    """RFC 6749 §4.2.2: "the authorization server issues an access token and delivers it to the
    client by adding the following parameters to the fragment component of the redirection URI
    using the "application/x-www-form-urlencoded" format". A token in the query reaches server
    logs and Referer headers (RFC 9700 §4.2.4)."""
    oauth.require_grant("implicit")
    _, urls = _implicit(oauth)
    verify(
        urls,
        params_not_in_query(
            TOKEN_PARAMS, "RFC6749-4.2.2", "The implicit grant put a token in the query component"
        ),
    )


@pytest.mark.requirement("RFC6749-4.2.2", "RFC6749-10.12")
@pytest.mark.kills("implicit-state-truncated")
def test_implicit_grant_returns_state_exactly(oauth):
    """RFC 6749 §4.2.2: "state REQUIRED if the "state" parameter was present in the client
    authorization request. The exact value received from the client." Without it the client
    cannot tie the token to its request (CSRF, §10.12)."""
    oauth.require_grant("implicit")
    request, urls = _implicit(oauth)
    verify(
        urls,
        response_param_is(
            "state",
            request.state,
            "RFC6749-4.2.2",
            "The implicit grant did not return the state exactly as sent",
        ),
    )


@pytest.mark.requirement("RFC6749-4.2.2")
@pytest.mark.catalogue(94, 29)
@pytest.mark.kills("implicit-refresh-token")
def test_implicit_grant_issues_no_refresh_token(oauth):
    """RFC 6749 §4.2.2: "The authorization server MUST NOT issue a refresh token." The token
    sits in the browser, which has no safe place for a long-lived credential."""
    oauth.require_grant("implicit")
    _, urls = _implicit(oauth)
    verify(urls, NO_REFRESH_TOKEN)
