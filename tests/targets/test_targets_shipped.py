"""The shipped target files load, hold what the contract and the research say, and resolve."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from harness.targets import Capabilities, TargetError, load_target, resolve_target

ROOT = Path(__file__).resolve().parents[2]
TARGETS = ROOT / "fixtures" / "targets"
TASKADE_ENV = {
    "TASKADE_CLIENT_ID": "taskade-client-id",
    "TASKADE_CLIENT_SECRET": "taskade-client-secret-123",
    "TASKADE_REDIRECT_URI": "http://127.0.0.1:8765/callback",
    "TASKADE_EMAIL": "someone@example.com",
    "TASKADE_PASSWORD": "a long enough password",
}


def test_mock_target_matches_the_mock_seed() -> None:
    target = load_target(TARGETS / "mock.toml", {})
    assert (target.name, target.kind, target.endpoints.issuer) == ("mock", "mock", "")
    primary, second, public = (target.clients[role] for role in ("primary", "second", "public"))
    assert (primary.id, primary.secret) == ("client-one.client.test", "s3cret-one:%+/")
    assert (second.id, second.secret) == ("client-two.client.test", "s3cret-two")
    assert (public.id, public.secret, public.auth_method) == ("public.client.test", None, "none")
    assert {primary.auth_method, second.auth_method} == {
        "client_secret_post",
        "client_secret_basic",
    }
    assert {c.redirect_uri for c in target.clients.values()} == {"http://127.0.0.1/callback"}
    assert target.user is not None
    assert (target.user.username, target.user.password) == (
        "user@example.com",
        "correct horse battery staple",
    )
    assert target.secrets() == {"s3cret-one:%+/", "s3cret-two", "correct horse battery staple"}


def test_mock_target_agrees_with_the_mock_package_when_it_exports_its_seed() -> None:
    mock = pytest.importorskip("harness.mock")
    seed = getattr(mock, "SEED", None)
    if seed is None:
        pytest.skip("harness.mock does not export SEED yet")
    target = load_target(TARGETS / "mock.toml", {})
    for role in ("primary", "second", "public"):
        mine, theirs = target.clients[role], getattr(seed, role)
        assert (mine.id, mine.secret) == (theirs.id, theirs.secret)
        assert mine.auth_method in theirs.auth_methods
        assert mine.redirect_uri in theirs.redirect_uris
    assert target.user is not None
    assert (target.user.username, target.user.password) == (seed.user.email, seed.user.password)


def test_mock_target_paths_pages_and_capabilities() -> None:
    target = load_target(TARGETS / "mock.toml", {}).with_issuer("http://127.0.0.1:4321")
    ends = target.endpoints
    assert ends.authorization == "http://127.0.0.1:4321/oauth2/authorize"
    assert ends.token == "http://127.0.0.1:4321/oauth2/token"
    assert ends.revocation == "http://127.0.0.1:4321/oauth2/revoke"
    assert ends.metadata == "http://127.0.0.1:4321/.well-known/oauth-authorization-server"
    assert target.api.probe.url == "http://127.0.0.1:4321/api/v1/workspaces"
    assert target.api.scoped_probe is not None
    assert target.api.scoped_probe.url == "http://127.0.0.1:4321/api/v1/write-probe"
    assert (target.api.failure.status, dict(target.api.failure.json)) == (
        401,
        {"ok": False, "code": "UNAUTHORIZED"},
    )
    login, consent = target.browser.pages
    assert (login.selector, consent.selector) == ("form#login", "form#consent")
    assert [template for _, template in login.fill] == ["{username}", "{password}"]
    assert consent.submit.endswith("button[name=decision][value=allow]")
    assert consent.deny is not None
    assert consent.deny.endswith("[value=deny]")
    assert target.browser.error_selector == "#error"
    assert target.capabilities == Capabilities(
        **{name: True for name in Capabilities.__dataclass_fields__}
    )


def test_mock_secrets_can_be_overridden_from_the_environment() -> None:
    target = load_target(TARGETS / "mock.toml", {"MOCK_SECOND_CLIENT_SECRET": "other-secret"})
    assert target.clients["second"].secret == "other-secret"


def test_taskade_target_loads_with_its_environment() -> None:
    target = load_target(TARGETS / "taskade.toml", TASKADE_ENV)
    assert target.kind == "remote"
    assert target.endpoints.issuer == "https://www.taskade.com"
    assert target.endpoints.authorization == "https://www.taskade.com/oauth2/authorize"
    assert target.endpoints.token == "https://www.taskade.com/oauth2/token"
    assert target.endpoints.revocation is None
    primary = target.clients["primary"]
    assert (primary.id, primary.auth_method) == ("taskade-client-id", "client_secret_post")
    assert primary.redirect_uri == "http://127.0.0.1:8765/callback"
    assert list(target.clients) == ["primary"]
    assert target.api.probe.url == "https://www.taskade.com/api/v1/workspaces"
    assert target.api.identity is not None
    assert target.api.identity.url == "https://www.taskade.com/oauth2/ping"
    caps = target.capabilities
    assert caps.pkce
    assert caps.refresh
    assert not caps.revocation
    assert not caps.refresh_rotation
    assert not caps.clock_control
    assert not caps.www_authenticate
    assert not caps.second_client
    assert not caps.public_client
    assert target.user is not None
    assert target.user.totp_secret is None
    assert target.secrets() == {"taskade-client-secret-123", "a long enough password"}


def test_taskade_totp_secret_is_optional_and_secret() -> None:
    target = load_target(TARGETS / "taskade.toml", {**TASKADE_ENV, "TASKADE_TOTP_SECRET": "JBSW"})
    assert target.user is not None
    assert target.user.totp_secret == "JBSW"
    assert "JBSW" in target.secrets()


@pytest.mark.parametrize("variable", sorted(TASKADE_ENV))
def test_taskade_names_each_missing_variable(variable: str) -> None:
    environ = {k: v for k, v in TASKADE_ENV.items() if k != variable}
    with pytest.raises(TargetError) as caught:
        load_target(TARGETS / "taskade.toml", environ)
    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith(str(TARGETS / "taskade.toml"))
    assert f"environment variable {variable} is not set" in message


def test_secret_values_stay_out_of_reprs() -> None:
    target = load_target(TARGETS / "taskade.toml", TASKADE_ENV)
    text = repr(target)
    assert "taskade-client-secret-123" not in text
    assert "a long enough password" not in text


def test_documented_example_loads(tmp_path: Path) -> None:
    doc = (ROOT / "docs" / "targets.md").read_text(encoding="utf-8")
    example = re.findall(r"```toml\n(.*?)```", doc, re.DOTALL)[-1]
    path = tmp_path / "dot.toml"
    path.write_text(example, encoding="utf-8")
    environ = {name: "x-value-123" for name in re.findall(r"\$\{(\w+)\}", example)}
    environ |= {"DOT_ISSUER": "http://127.0.0.1:8000", "DOT_REDIRECT_URI": "http://127.0.0.1/cb"}
    target = load_target(path, environ)
    assert target.endpoints.revocation == "http://127.0.0.1:8000/o/revoke_token/"
    assert target.clients["primary"].redirect.form == "loopback-any-port"
    assert target.api.scoped_probe is not None
    assert target.api.scoped_probe.scope == "write"


def test_with_issuer_resolves_relative_paths_only() -> None:
    target = load_target(TARGETS / "mock.toml", {})
    bound = target.with_issuer("http://127.0.0.1:9/base/")
    assert bound.endpoints.issuer == "http://127.0.0.1:9/base/"
    assert bound.endpoints.token == "http://127.0.0.1:9/base/oauth2/token"
    again = bound.with_issuer("http://127.0.0.1:10")
    assert again.endpoints.token == "http://127.0.0.1:9/base/oauth2/token"  # already absolute
    assert target.endpoints.token == "/oauth2/token"  # the original is unchanged


def test_with_issuer_rejects_a_bad_issuer_in_one_line() -> None:
    target = load_target(TARGETS / "mock.toml", {})
    with pytest.raises(TargetError, match=r"mock\.toml: \[endpoints\] issuer: 'localhost:9'"):
        target.with_issuer("localhost:9")


def test_resolve_target_by_name_and_by_path(tmp_path: Path) -> None:
    assert resolve_target("mock", TARGETS) == TARGETS / "mock.toml"
    path = tmp_path / "mine.toml"
    path.write_text("", encoding="utf-8")
    assert resolve_target(str(path), TARGETS) == path


def test_resolve_target_suggests_a_close_name() -> None:
    with pytest.raises(TargetError, match=r"unknown target 'mokc' \(did you mean 'mock'\?"):
        resolve_target("mokc", TARGETS)


def test_resolve_target_reports_a_missing_path(tmp_path: Path) -> None:
    with pytest.raises(TargetError, match=r"nope\.toml: no such target file"):
        resolve_target(str(tmp_path / "nope.toml"), TARGETS)
