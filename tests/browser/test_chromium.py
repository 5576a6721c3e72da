"""Finding (or installing) Chromium, with every machine fact passed in: nothing is uninstalled."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from harness.browser import HOW_TO_GET_ONE, ChromiumNotFoundError, ensure_chromium, find_chromium
from harness.browser.chromium import EXIT_NOT_FOUND, main


def _exe(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("#!/bin/sh\n")
    path.chmod(0o755)
    return path


@pytest.fixture
def home(tmp_path: Path) -> Path:
    (tmp_path / "home").mkdir()
    return tmp_path / "home"


def test_playwright_managed_chromium_wins_and_newest_revision_is_chosen(home: Path) -> None:
    cache = home / ".cache" / "ms-playwright"
    _exe(cache / "chromium-1100" / "chrome-linux" / "chrome")
    newest = _exe(cache / "chromium-1200" / "chrome-linux64" / "chrome")
    _exe(cache / "chromium_headless_shell-1300" / "chrome-linux" / "headless_shell")
    system = _exe(home / "usr-bin" / "chromium")
    assert find_chromium({}, home=home, system_candidates=[str(system)]) == newest


def test_playwright_browsers_path_is_searched_first(home: Path, tmp_path: Path) -> None:
    custom = _exe(tmp_path / "browsers" / "chromium-900" / "chrome-linux" / "chrome")
    _exe(home / ".cache" / "ms-playwright" / "chromium-1200" / "chrome-linux" / "chrome")
    env = {"PLAYWRIGHT_BROWSERS_PATH": str(tmp_path / "browsers")}
    assert find_chromium(env, home=home, system_candidates=[]) == custom


def test_non_executable_playwright_file_is_ignored(home: Path) -> None:
    stub = home / ".cache" / "ms-playwright" / "chromium-1200" / "chrome-linux" / "chrome"
    _exe(stub).chmod(0o644)
    system = _exe(home / "bin" / "chromium")
    assert find_chromium({}, home=home, system_candidates=[str(system)]) == system


def test_system_chromium_when_playwright_has_none(home: Path) -> None:
    system = _exe(home / "bin" / "chromium-browser")
    missing = str(home / "bin" / "chromium")
    assert find_chromium({}, home=home, system_candidates=[missing, str(system)]) == system


def test_env_override_beats_everything(home: Path, tmp_path: Path) -> None:
    _exe(home / ".cache" / "ms-playwright" / "chromium-1200" / "chrome-linux" / "chrome")
    mine = _exe(tmp_path / "my-chrome")
    assert find_chromium({"HARNESS_CHROMIUM": str(mine)}, home=home) == mine


def test_env_override_that_is_not_executable_is_one_line(home: Path, tmp_path: Path) -> None:
    with pytest.raises(ChromiumNotFoundError) as info:
        find_chromium({"HARNESS_CHROMIUM": str(tmp_path / "nope")}, home=home)
    assert str(info.value) == f"HARNESS_CHROMIUM={tmp_path / 'nope'} is not an executable file"


def test_nothing_found_and_not_root_raises_how_to_get_one(home: Path) -> None:
    with pytest.raises(ChromiumNotFoundError) as info:
        ensure_chromium({}, home=home, system_candidates=[], is_root=False, apt_get="apt-get")
    assert str(info.value) == HOW_TO_GET_ONE
    assert "\n" not in HOW_TO_GET_ONE


def test_cli_exits_3_with_one_line_when_nothing_is_found(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["--print"], environ={}, home=home, system_candidates=[], is_root=False)
    out, err = capsys.readouterr()
    assert code == EXIT_NOT_FOUND == 3
    assert out == ""
    assert err.count("\n") == 1
    assert "apt-get install chromium" in err
    assert "HARNESS_CHROMIUM" in err


def test_root_with_apt_installs_once_then_finds_it(home: Path, tmp_path: Path) -> None:
    target = home / "bin" / "chromium"
    calls: list[list[str]] = []

    def fake_apt(argv: list[str], log: Path) -> int:
        calls.append(argv)
        if "install" in argv:
            _exe(target)
        return 0

    log = tmp_path / "install.log"
    found = ensure_chromium(
        {},
        home=home,
        system_candidates=[str(target)],
        is_root=True,
        apt_get="/usr/bin/apt-get",
        log_path=log,
        run=fake_apt,
    )
    assert found == target
    assert calls == [
        ["/usr/bin/apt-get", "-qq", "update"],
        ["/usr/bin/apt-get", "-qq", "install", "-y", "--no-install-recommends", "chromium"],
    ]
    again = ensure_chromium(
        {}, home=home, system_candidates=[str(target)], is_root=True, run=fake_apt
    )
    assert again == target
    assert len(calls) == 2  # already there: no second apt-get


def test_failed_install_names_the_log_and_exits_3(
    home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    log = tmp_path / "install.log"
    code = main(
        [],
        environ={},
        home=home,
        system_candidates=[],
        is_root=True,
        apt_get="/usr/bin/apt-get",
        log_path=log,
        run=lambda argv, path: 100 if "install" in argv else 0,
    )
    err = capsys.readouterr().err
    assert code == 3
    step = "-qq install -y --no-install-recommends chromium"
    assert err == f"installing chromium failed ('{step}' exited 100); see {log}\n"


def test_no_install_flag_never_runs_apt(home: Path) -> None:
    def forbidden(argv: list[str], log: Path) -> int:
        raise AssertionError("apt-get must not run")

    code = main(
        ["--no-install"],
        environ={},
        home=home,
        system_candidates=[],
        is_root=True,
        apt_get="/usr/bin/apt-get",
        run=forbidden,
    )
    assert code == 3


def test_print_on_this_machine_names_an_executable() -> None:
    # Not timed: speed is the benchmark's to measure (a 1 s bound failed on a busy machine).
    done = subprocess.run(
        [sys.executable, "-m", "harness.browser.chromium", "--print", "--no-install"],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode == 3:
        pytest.skip(done.stderr.strip())
    assert done.returncode == 0, done.stderr
    path = Path(done.stdout.strip())
    assert path.is_file()
    assert os.access(path, os.X_OK)
