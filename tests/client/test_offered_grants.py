"""Which grants a target offers, and where from: the target file's [grants] offered, else the
metadata (grant_types_supported, response_types_supported), else an assumption; the password
probes' credentials; the client credentials precondition."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from harness.client import OAuthClient, Unavailable, advertised_grants, no_account
from harness.evidence import Evidence, Redactor
from harness.flows import HttpSession, StepError
from harness.mock import SEED, MockServer, MockSettings
from harness.targets import load_target

TARGET = """\
kind = "remote"
[endpoints]
issuer = "{issuer}"
authorization = "/oauth2/authorize"
token = "/oauth2/token"
{metadata}
[clients.primary]
id = "{client_id}"
secret = "${{SECRET}}"
auth_method = "client_secret_post"
redirect_uri = "http://127.0.0.1/callback"
[clients.public]
id = "{public_id}"
redirect_uri = "http://127.0.0.1/callback"
[user]
username = "{username}"
password = "${{PASSWORD}}"
[api.probe]
url = "/api/v1/workspaces"
[capabilities]
metadata = {published}
{grants}
"""


@pytest.fixture
def mock() -> Iterator[MockServer]:
    with MockServer(MockSettings()) as server:
        yield server


def client(
    tmp_path: Path,
    issuer: str,
    *,
    published: bool = True,
    metadata: str = "",
    grants: str = "",
) -> OAuthClient:
    path = tmp_path / "t.toml"
    text = TARGET.format(
        issuer=issuer,
        metadata=metadata,
        published=str(published).lower(),
        grants=grants,
        client_id=SEED.primary.id,
        public_id=SEED.public.id,
        username=SEED.user.email,
    )
    path.write_text(text, encoding="utf-8")
    environ = {"SECRET": SEED.primary.secret or "", "PASSWORD": SEED.user.password}
    evidence = Evidence(Redactor(frozenset()))

    def no_browser() -> object:
        raise AssertionError("no browser is needed")

    target = load_target(path, environ)
    return OAuthClient(target, HttpSession(evidence), no_browser, no_browser, evidence)  # type: ignore[arg-type]


def test_the_declared_grants_win(tmp_path: Path, mock: MockServer) -> None:
    declared = '[grants]\noffered = ["authorization_code", "refresh_token"]'
    steps = client(tmp_path, mock.issuer, grants=declared)
    offered = steps.offered_grants()
    assert (offered.grants, offered.source) == ({"authorization_code", "refresh_token"}, "declared")
    assert not steps.evidence.exchanges  # no metadata read
    assert offered.not_offered_because("client_credentials") == (
        "client_credentials is not among the grants declared by the target file "
        "([grants] offered): authorization_code, refresh_token"
    )


def test_the_metadata_is_read_at_run_time(tmp_path: Path, mock: MockServer) -> None:
    steps = client(tmp_path, mock.issuer)
    offered = steps.offered_grants()
    assert offered.grants == {"authorization_code", "refresh_token", "client_credentials"}
    assert offered.source == "advertised"
    mock.state.grant_types.enable("implicit")
    assert "implicit" in steps.offered_grants()
    mock.state.defects.enable("password-grant-offered")
    assert (
        steps.offered_grants()
        .offered_because("password")
        .startswith("password is advertised in the metadata")
    )


def test_without_metadata_the_code_and_refresh_grants_are_assumed(
    tmp_path: Path, mock: MockServer
) -> None:
    offered = client(tmp_path, mock.issuer, published=False).offered_grants()
    assert (offered.grants, offered.source) == ({"authorization_code", "refresh_token"}, "assumed")
    unreadable = client(tmp_path, mock.issuer, metadata='metadata = "/nothing-here"')
    assert "could not be read" in unreadable.offered_grants().detail


@pytest.mark.parametrize(
    ("document", "grants"),
    [
        (
            {"response_types_supported": ["code"], "grant_types_supported": ["password"]},
            {"password"},
        ),
        (
            {"response_types_supported": ["code", "code token"], "grant_types_supported": []},
            {"implicit"},
        ),
        ({"response_types_supported": ["code"]}, {"authorization_code"}),
        ({"response_types_supported": ["token"]}, {"authorization_code", "implicit"}),
        ({"grant_types_supported": ["urn:x", 3, "client_credentials"]}, {"client_credentials"}),
    ],
)
def test_advertised_grants_read_both_members(document: dict[str, object], grants: set[str]) -> None:
    offered = advertised_grants(document)
    assert offered is not None
    assert offered.grants == grants


def test_an_omitted_grant_types_supported_is_unknown_not_the_rfc_default() -> None:
    offered = advertised_grants({"response_types_supported": ["code"]})
    assert offered is not None
    assert "implicit" not in offered
    assert "read as unknown" in offered.detail
    assert advertised_grants({}) is None


def test_password_probes_use_no_real_account_unless_allowed(
    tmp_path: Path, mock: MockServer
) -> None:
    fake = client(tmp_path, mock.issuer).password_credentials()
    assert not fake.real
    assert fake.username != SEED.user.email
    assert fake.password != SEED.user.password
    assert fake.password not in repr(fake)
    assert no_account().username != no_account().username  # random each time
    real = client(
        tmp_path, mock.issuer, grants="[grants]\nreal_password = true"
    ).password_credentials()
    assert (real.username, real.password, real.real) == (
        SEED.user.email,
        SEED.user.password,
        True,
    )


def test_the_client_credentials_precondition(tmp_path: Path, mock: MockServer) -> None:
    steps = client(tmp_path, mock.issuer)
    assert steps.require_client_credentials().status == 200
    with pytest.raises(Unavailable, match="client 'public' may not use it"):
        steps.require_client_credentials("public")
    mock.state.grant_types.disable("client_credentials")
    with pytest.raises(Unavailable, match="client_credentials is not among the grants"):
        steps.require_client_credentials()
    declared = client(
        tmp_path,
        mock.issuer,
        grants='[grants]\noffered = ["authorization_code", "refresh_token", "client_credentials"]',
    )
    with pytest.raises(StepError, match="answered HTTP 400, error=unsupported_grant_type"):
        declared.require_client_credentials()
