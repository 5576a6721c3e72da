"""The target file's [grants] table: which grants the target offers, and whether the password
probes may send the user's real credentials."""

from __future__ import annotations

from pathlib import Path

import pytest

from harness.targets import GRANT_TYPES, GrantsConfig, TargetError, load_target
from tests.targets.test_targets_errors import BASE, ENV
from tests.targets.test_targets_shipped import TASKADE_ENV

REPO = Path(__file__).resolve().parents[2]


def _load(tmp_path: Path, text: str) -> GrantsConfig:
    path = tmp_path / "t.toml"
    path.write_text(text, encoding="utf-8")
    return load_target(path, ENV).grants


def _error(tmp_path: Path, text: str) -> str:
    path = tmp_path / "t.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(TargetError) as caught:
        load_target(path, ENV)
    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith(f"{path}: [grants] ")
    return message


def test_without_a_grants_table_nothing_is_declared(tmp_path: Path) -> None:
    assert _load(tmp_path, BASE) == GrantsConfig(offered=None, real_password=False)


def test_offered_and_real_password_are_read(tmp_path: Path) -> None:
    text = (
        BASE + '[grants]\noffered = ["authorization_code", "refresh_token", "client_credentials"]\n'
    )
    text += "real_password = true\n"
    grants = _load(tmp_path, text)
    assert grants.offered == {"authorization_code", "refresh_token", "client_credentials"}
    assert grants.real_password is True


def test_real_password_alone_leaves_offered_to_discovery(tmp_path: Path) -> None:
    grants = _load(tmp_path, BASE + "[grants]\nreal_password = false\n")
    assert grants == GrantsConfig()


@pytest.mark.parametrize(
    ("table", "problem"),
    [
        (
            'offered = ["authorization_code", "client_credential"]',
            "unknown grant type 'client_credential' (did you mean 'client_credentials'?)",
        ),
        ('offered = ["authorization_code", 3]', "offered: expected grant type names, got 3"),
        ('offered = "authorization_code"', "offered: expected an array, got a string"),
        (
            'offered = ["authorization_code", "password", "password"]',
            "offered: 'password' is listed twice",
        ),
        ('offered = ["client_credentials"]', "offered: must include 'authorization_code'"),
        ('real_password = "yes"', "real_password: expected a boolean, got a string"),
        ("offerd = []", "unknown key 'offerd' (did you mean 'offered'?)"),
        (
            'offered = ["authorization_code", "client_credentials"]',
            "offered: leaves out 'refresh_token', but [capabilities] refresh is true",
        ),
    ],
)
def test_a_bad_grants_table_is_one_line(tmp_path: Path, table: str, problem: str) -> None:
    assert problem in _error(tmp_path, BASE + f"[grants]\n{table}\n")


def test_real_password_needs_a_user(tmp_path: Path) -> None:
    text = BASE.split("[user]")[0] + BASE.split('password = "${AS_PASSWORD}"\n')[1]
    text = text.replace('fill = [{ selector = "input[name=email]", value = "{username}" }]\n', "")
    message = _error(tmp_path, text + "[grants]\nreal_password = true\n")
    assert "real_password: true needs a [user] table" in message


def test_every_grant_type_name_is_accepted(tmp_path: Path) -> None:
    names = ", ".join(f'"{name}"' for name in GRANT_TYPES)
    assert _load(tmp_path, BASE + f"[grants]\noffered = [{names}]\n").offered == set(GRANT_TYPES)


def test_shipped_targets_declare_what_they_should() -> None:
    mock = load_target(REPO / "fixtures/targets/mock.toml", {})
    # The mock's user is no real account: its password probes may use it.
    assert mock.grants == GrantsConfig(offered=None, real_password=True)
    taskade = load_target(REPO / "fixtures/targets/taskade.toml", TASKADE_ENV)
    assert taskade.grants.real_password is False


def test_the_started_mock_serves_the_declared_grants(tmp_path: Path) -> None:
    from fixtures.mock_server import mock_settings_for
    from harness.mock import DEFAULT_GRANT_TYPES

    mock = load_target(REPO / "fixtures/targets/mock.toml", {})
    assert mock_settings_for(mock).grant_types == DEFAULT_GRANT_TYPES
    text = (REPO / "fixtures/targets/mock.toml").read_text(encoding="utf-8")
    declared = text.replace(
        "[grants]\n", '[grants]\noffered = ["authorization_code", "refresh_token", "password"]\n'
    )
    path = tmp_path / "mock.toml"
    path.write_text(declared, encoding="utf-8")
    assert mock_settings_for(load_target(path, {})).grant_types == {
        "authorization_code",
        "refresh_token",
        "password",
    }
