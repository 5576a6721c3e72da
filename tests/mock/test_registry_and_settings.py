"""The defect registry, the clock, MockState and the settings file, without HTTP."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from harness.mock import (
    DEFECTS,
    SEED,
    Clock,
    MockSettings,
    MockState,
    SettingsError,
    UnknownDefectError,
    load_settings,
    parse_defects,
)
from harness.spec import parse_ref

CONTRACT_NAMES = [
    "redirect-uri-any",
    "redirect-uri-prefix",
    "unknown-client-redirects",
    "state-dropped",
    "state-truncated",
    "error-redirect-drops-state",
    "iss-missing",
    "code-reusable",
    "code-reuse-keeps-tokens",
    "code-not-bound-to-client",
    "code-never-expires",
    "token-redirect-uri-unchecked",
    "pkce-not-enforced",
    "pkce-plain-accepted",
    "pkce-downgrade-accepted",
    "public-client-pkce-optional",
    "refresh-not-rotated",
    "refresh-rotated-still-valid",
    "refresh-reuse-keeps-family",
    "refresh-not-bound-to-client",
    "refresh-scope-widening",
    "expired-token-accepted",
    "revoked-token-accepted",
    "no-www-authenticate",
    "www-authenticate-error-without-token",
    "query-token-accepted",
    "bearer-scheme-case-sensitive",
    "insufficient-scope-as-401",
    "no-cache-headers",
    "token-response-not-json",
    "token-type-not-bearer",
    "expires-in-missing",
    "errors-as-200",
    "wrong-error-code",
    "basic-auth-no-challenge",
    "client-auth-not-required",
    "duplicate-params-accepted",
    "frameable-pages",
    "login-307",
    "consent-csrf-unchecked",
    "no-referrer-policy",
    "unsupported-grant-accepted",
]
SOURCE = Path(__file__).parents[2] / "harness" / "mock"


def test_the_registry_holds_every_contract_defect() -> None:
    assert set(CONTRACT_NAMES) <= set(DEFECTS)


@pytest.mark.parametrize("name", sorted(DEFECTS))
def test_each_defect_is_documented_and_cited(name: str) -> None:
    defect = DEFECTS[name]
    assert defect.name == name
    assert "\n" not in defect.summary
    assert len(defect.summary) > 30
    assert defect.refs
    assert all(parse_ref(ref) for ref in defect.refs)


def test_each_defect_is_switched_in_the_code_where_its_rule_is_enforced() -> None:
    code = "\n".join(p.read_text() for p in SOURCE.glob("_*.py") if p.name != "_defects.py")
    used = set(re.findall(r'defects\.on\(\s*"([a-z0-9-]+)"\s*\)', code))
    # A defect that only switches a grant on (Defect.enables) acts in MockState.grant_enabled.
    enabling = {d.name for d in DEFECTS.values() if d.enables}
    assert used <= set(DEFECTS)
    assert used | enabling == set(DEFECTS)


def test_unknown_defect_names_suggest_the_nearest() -> None:
    with pytest.raises(UnknownDefectError) as caught:
        parse_defects("state-dropped, code-reuseable")
    assert str(caught.value) == "unknown defect 'code-reuseable'; did you mean 'code-reusable'?"
    assert isinstance(caught.value, ValueError)


def test_parse_defects_splits_and_validates() -> None:
    assert parse_defects(" iss-missing ,login-307,,") == {"iss-missing", "login-307"}
    assert parse_defects("") == frozenset()


def test_defects_switch_at_run_time() -> None:
    state = MockState(["iss-missing"])
    assert state.defects.on("iss-missing")
    assert "iss-missing" in state.defects
    state.defects.enable("login-307", "frameable-pages")
    state.defects.disable("iss-missing")
    assert state.defects.active() == {"login-307", "frameable-pages"}
    with pytest.raises(UnknownDefectError):
        state.defects.enable("login-302")
    with pytest.raises(UnknownDefectError):
        state.defects.on("not-a-defect")
    state.reset()
    assert state.defects.active() == frozenset()


def test_the_clock_moves_only_forward_and_resets() -> None:
    clock = Clock()
    before = clock.now()
    clock.advance(3600)
    assert 3600 <= clock.now() - before < 3660
    with pytest.raises(ValueError, match="forward"):
        clock.advance(-1)
    clock.reset()
    assert clock.now() - before < 60


def test_default_settings_are_the_seed() -> None:
    settings = MockSettings()
    assert settings.clients == SEED.clients
    assert settings.user.email == "user@example.com"
    assert (settings.access_token_ttl, settings.code_ttl) == (3600, 60)
    assert not settings.pkce_plain_allowed
    assert settings.revocation_enabled
    assert settings.defects == frozenset()
    assert not settings.control


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "mock.toml"
    path.write_text(text)
    return path


def test_a_settings_file_overrides_knobs_user_and_clients(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """
port = 8080
code_ttl = 30
rate_window = 5
pkce_plain_allowed = true
defects = "iss-missing, login-307"

[user]
handle = "someone"

[clients.only]
id = "solo.client.test"
secret = "pw"
redirect_uris = ["https://solo.example.com/cb"]
""",
    )
    settings = load_settings(path)
    assert (settings.port, settings.code_ttl, settings.rate_window) == (8080, 30, 5.0)
    assert settings.pkce_plain_allowed
    assert settings.defects == {"iss-missing", "login-307"}
    assert settings.user.handle == "someone"
    assert settings.user.email == SEED.user.email
    assert [c.id for c in settings.clients] == ["solo.client.test"]
    assert settings.clients[0].auth_methods == ("client_secret_post",)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("prot = 1", "unknown key 'prot' (did you mean 'port'?)"),
        ("port = 'x'", "port: expected int, got str"),
        ("control = 1", "control: expected bool, got int"),
        ("port = 70000", "port: 70000 is not a TCP port"),
        ("defects = ['code-reuseable']", "did you mean 'code-reusable'?"),
        ("code_ttl = 0", "code_ttl: must be a positive integer"),
        ("issuer = 'http://example.com'", "issuer"),
        ("issuer = 'https://as.example.com/'", "must have no path"),
        ("[user]\nemial = 'x'", "[user] unknown key 'emial' (did you mean 'email'?)"),
        ("[clients.a]\nid = 'a'", "[clients.a] missing key 'redirect_uris'"),
        ("[clients.a]\nid='a'\nredirect_uris=['https://a.example/cb#f']", "fragment"),
        ("port = ", "not valid TOML"),
        ("rate_window = nan", "rate_window: must be a positive number"),
        ("rate_window = inf", "rate_window: must be a positive number"),
        ("access_token_ttl = 99999999999999999999", "access_token_ttl: must be a positive"),
    ],
)
def test_bad_settings_give_one_line_naming_file_and_key(
    tmp_path: Path, text: str, message: str
) -> None:
    path = write(tmp_path, text)
    with pytest.raises(SettingsError) as caught:
        load_settings(path)
    line = str(caught.value)
    assert "\n" not in line
    assert line.startswith(f"{path}: ")
    assert message in line


def test_a_settings_file_that_is_not_utf8_is_one_line(tmp_path: Path) -> None:
    path = tmp_path / "binary.toml"
    path.write_bytes(b"port = 1\n\xd0\xff\xfe")
    with pytest.raises(SettingsError, match=r"binary.toml: not UTF-8 text$"):
        load_settings(path)


def test_a_missing_settings_file_is_one_line(tmp_path: Path) -> None:
    with pytest.raises(SettingsError, match=r"cannot read settings file"):
        load_settings(tmp_path / "absent.toml")
