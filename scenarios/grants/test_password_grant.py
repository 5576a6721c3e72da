"""The resource owner password credentials grant (RFC 6749 §4.3) is not offered (RFC 9700 §2.4);
where a target offers it anyway, its own rules are still checked.

No probe sends the target user's real password unless the target file allows it
(``[grants] real_password = true``): otherwise the credentials are those of no real account.
"""

import pytest

from harness.checks import (
    error_code_not,
    grant_not_offered,
    same_answer_as,
    token_error,
    verify,
)
from harness.spec import Level

pytestmark = [pytest.mark.browser]  # the token control authorizes in the browser

WRONG_PASSWORD = "harness-wrong-password-0"


@pytest.mark.requirement("RFC9700-2.4", "RFC6749-5.2")
@pytest.mark.catalogue(73, 109)
@pytest.mark.kills(
    "password-grant-offered", "unsupported-grant-accepted", "errors-as-200", "wrong-error-code"
)
def test_password_grant_is_not_offered(oauth):
    """RFC 9700 §2.4: "The resource owner password credentials grant [RFC6749] MUST NOT be
    used." A target that declares or advertises the grant fails, naming where it offered it.
    Otherwise the grant is probed (with the primary client's credentials, and a user's only as
    ``[grants] real_password`` allows) and must be refused as RFC 6749 §5.2 names it:
    unsupported_grant_type ("The authorization grant type is not supported by the
    authorization server"), or unauthorized_client for a server that disables it per client.
    invalid_grant means the server judged the credentials, so it processes the grant."""
    offered = oauth.offered_grants()
    verify(
        offered,
        grant_not_offered(
            "password",
            "RFC9700-2.4",
            "The server offers the resource owner password credentials grant",
        ),
    )
    oauth.require_token_control()
    credentials = oauth.password_credentials()
    oauth.evidence.add_note(f"password probe with {credentials.describe()}")
    response = oauth.password_grant(credentials)
    verify(
        response,
        error_code_not(
            "invalid_grant",
            "RFC9700-2.4",
            "The server processes the password grant (it judged the credentials: invalid_grant)",
        ),
        *token_error("unsupported_grant_type", "unauthorized_client", ref="RFC9700-2.4"),
    )


@pytest.mark.requirement("RFC6749-4.3.2", "RFC6749-3.2.1", "RFC6749-5.2")
@pytest.mark.kills("password-client-auth-unchecked")
@pytest.mark.parametrize("client_credentials", ["none", "wrong-secret"])
def test_password_grant_requires_client_authentication(oauth, client_credentials):
    """RFC 6749 §4.3.2: "If the client type is confidential or the client was issued client
    credentials …, the client MUST authenticate with the authorization server as described in
    Section 3.2.1." Where the target offers the grant, a password request from the confidential
    primary client with client_id alone, or a wrong secret, is refused with invalid_client
    (§5.2) before the user's credentials are looked at."""
    oauth.require_grant("password")
    oauth.require_token_control()
    credentials = oauth.password_credentials()
    if client_credentials == "none":
        response = oauth.password_grant(credentials, authenticate=False)
    else:
        response = oauth.password_grant(credentials, secret="harness-wrong-secret-0")
    basic = client_credentials == "wrong-secret" and (
        oauth.client().auth_method == "client_secret_basic"
    )
    verify(response, *token_error("invalid_client", basic=basic, ref="RFC6749-4.3.2"))


@pytest.mark.requirement("RFC6749-5.2", "RFC6749-4.3.2")
@pytest.mark.catalogue(109)
@pytest.mark.kills("password-bad-credentials-invalid-client")
def test_password_grant_refuses_bad_credentials_with_invalid_grant(oauth):
    """RFC 6749 §5.2: "invalid_grant: The provided authorization grant (e.g., authorization code,
    resource owner credentials) … is invalid". Where the target offers the grant, a wrong
    password (for the real user where ``[grants] real_password`` allows, else for an account
    that does not exist) from a properly authenticated client is invalid_grant, not
    invalid_client: the client did authenticate."""
    oauth.require_grant("password")
    oauth.require_token_control()
    credentials = oauth.password_credentials()
    response = oauth.password_grant(credentials, password=WRONG_PASSWORD)
    verify(response, *token_error("invalid_grant", ref="RFC6749-5.2"))


@pytest.mark.requirement("RFC6749-4.3.2", "RFC6819-5.1.4.2.2", level="SHOULD")
@pytest.mark.kills("password-user-enumeration")
def test_password_grant_does_not_tell_unknown_users_from_wrong_passwords(oauth):
    """RFC 6749 §4.3.2: "the authorization server MUST protect the endpoint against brute force
    attacks"; RFC 6819 §5.1.4.2.2 warns against answers that reveal whether an account
    exists. Where the target offers the grant, a wrong password for the real user and any
    password for an unknown user get the same status, error and error_description. A warning:
    the difference helps a brute-force attacker but breaks no MUST by itself. Needs the real
    username, so only with ``[grants] real_password = true``."""
    oauth.require_grant("password")
    credentials = oauth.password_credentials()
    if not credentials.real:
        pytest.skip(
            f"target {oauth.target.name}: comparing an unknown user with a wrong password needs "
            "the real username, and [grants] real_password is not true"
        )
    oauth.require_token_control()
    unknown = oauth.password_grant(
        credentials, username=f"harness-unknown-{credentials.username}", password=WRONG_PASSWORD
    )
    wrong = oauth.password_grant(credentials, password=WRONG_PASSWORD)
    verify(wrong, *token_error("invalid_grant", ref="RFC6749-5.2"))
    verify(
        wrong,
        same_answer_as(
            unknown,
            "RFC6749-4.3.2",
            "A wrong password and an unknown user get different answers (the account exists)",
            other_name="an unknown user",
        ),
        level=Level.SHOULD,
    )
