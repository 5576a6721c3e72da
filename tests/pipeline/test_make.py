"""make passes a setting only when it is given, so the README's order holds through make too:
make's command line > make's variable in the environment > HARNESS_* environment > pytest.ini >
default. And `make help` lists what exists."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from tests.pipeline._run import REPO, harness, make

HARNESS_FLAGS = (
    "--target",
    "--strict-conformance",
    "--mock-defects",
    "--mock-settings",
    "--evidence",
    "--expected-findings",
    "--browser-endpoint",
    "--shard",
)


def pytest_command(recipe: str) -> list[str]:
    """The `python -m pytest ...` words of a `make -n` recipe (continuation lines joined)."""
    joined = recipe.replace("\\\n", " ")
    line = next(line for line in joined.splitlines() if " -m pytest " in line)
    return shlex.split(line.split(";", 1)[0])


def given_options(recipe: str) -> dict[str, str]:
    words = pytest_command(recipe)
    found = {}
    for word in words:
        flag, _, value = word.partition("=")
        if flag in HARNESS_FLAGS:
            found[flag] = value
    return found


CASES = {
    "nothing given: no option, the harness resolves": ({}, [], {}),
    "HARNESS_* environment only: no option, so it wins": (
        {"HARNESS_TARGET": "x", "HARNESS_STRICT": "1", "HARNESS_MOCK_DEFECTS": "a"},
        [],
        {},
    ),
    "make command line": (
        {},
        ["TARGET=dot", "STRICT=1", "MOCK_DEFECTS=a,b", "MOCK_SETTINGS=s.toml", "EVIDENCE=always",
         "EXPECTED_FINDINGS=none", "BROWSER_ENDPOINT=ws://127.0.0.1:3000/x?token=t"],
        {"--target": "dot", "--strict-conformance": "1", "--mock-defects": "a,b",
         "--mock-settings": "s.toml", "--evidence": "always", "--expected-findings": "none",
         "--browser-endpoint": "ws://127.0.0.1:3000/x?token=t"},
    ),
    "make's names in the environment": (
        {"STRICT": "1", "TARGET": "taskade"},
        [],
        {"--strict-conformance": "1", "--target": "taskade"},
    ),
    "make's command line beats its environment": (
        {"STRICT": "0", "HARNESS_STRICT": "0"},
        ["STRICT=1"],
        {"--strict-conformance": "1"},
    ),
    "a shard, on the command line or in the environment": (
        {"SHARD": "1/3"}, ["SHARD=2/4"], {"--shard": "2/4"}
    ),
    "HARNESS_SHARD alone: no option": ({"HARNESS_SHARD": "2/4"}, [], {}),
    "given empty is not given": ({}, ["TARGET=", "MOCK_DEFECTS=", "SHARD="], {}),
    "a value with quotes and spaces stays one word": (
        {},
        ["TARGET=my target's.toml"],
        {"--target": "my target's.toml"},
    ),
}  # fmt: skip


@pytest.mark.parametrize(("env", "args", "expected"), list(CASES.values()), ids=list(CASES))
def test_make_conformance_passes_only_given_settings(
    env: dict[str, str], args: list[str], expected: dict[str, str]
) -> None:
    done = make("conformance", *args, env=env, dry=True)
    assert done.returncode == 0, done.stderr
    assert given_options(done.stdout) == expected


def test_make_conformance_workers_scenarios_and_pytest_args() -> None:
    done = make(
        "conformance", "WORKERS=0", "SCENARIOS=scenarios/pkce", "PYTEST_ARGS=-k 'a or b'", dry=True
    )
    words = pytest_command(done.stdout)
    assert words[words.index("pytest") + 1] == "scenarios/pkce"
    assert words[words.index("-n") + 1] == "0"
    assert words[-2:] == ["-k", "a or b"]


def test_make_mock_uses_the_same_name_for_defects() -> None:
    done = make("mock", "MOCK_DEFECTS=code-reusable", "MOCK_SETTINGS=s.toml", dry=True)
    assert "--mock-defects='code-reusable'" in done.stdout
    assert "--mock-settings='s.toml'" in done.stdout
    old = make("mock", "DEFECTS=code-reusable", dry=True)
    assert "--mock-defects='code-reusable'" in old.stdout
    assert "DEFECTS= is deprecated: use MOCK_DEFECTS=" in old.stderr


@pytest.mark.parametrize("env", [{"HARNESS_STRICT": "1"}, {"STRICT": "1"}, {}])
def test_a_strict_setting_really_reaches_the_run(tmp_path: Path, env: dict[str, str]) -> None:
    """A SHOULD-level defect: a warning (exit 0) unless strict, then a failure (1; make exits 2
    and prints the harness's code)."""
    done = make(
        "conformance",
        f"REPORTS={tmp_path}",
        "SCENARIOS=scenarios/metadata/test_pkce_methods.py",
        "PYTEST_ARGS=-k test_s256_is_advertised",
        "MOCK_DEFECTS=pkce-methods-unadvertised",
        "WORKERS=0",
        env=env,
    )
    strict = bool(env)
    assert f"oauth-harness: strict {'on' if strict else 'off'}" in done.stdout, done.stdout
    assert "mock defects: pkce-methods-unadvertised (from command line)" in done.stdout
    assert (tmp_path / "exit-code").read_text().strip() == ("1" if strict else "0")
    if strict:
        assert done.returncode == 2
        assert "make conformance: the harness exited with code 1" in done.stderr
    else:
        assert done.returncode == 0, done.stdout + done.stderr


# -- make help ------------------------------------------------------------------------------


def phony_targets() -> set[str]:
    text = (REPO / "Makefile").read_text(encoding="utf-8")
    found = re.search(r"^\.PHONY:(.*)$", text, re.MULTILINE)
    assert found is not None
    return set(found[1].split())


def test_make_help_lists_every_phony_target_once_and_nothing_else() -> None:
    done = make("help")
    listed = re.findall(r"^make (\S+)", done.stdout, re.MULTILINE)
    assert len(listed) == len(set(listed)), listed
    assert set(listed) == phony_targets()
    text = (REPO / "Makefile").read_text(encoding="utf-8")
    for target in listed:
        assert re.search(rf"^{target}:", text, re.MULTILINE), f"no rule for {target}"


def test_make_help_names_only_targets_that_exist() -> None:
    done = make("help")
    line = next(line for line in done.stdout.splitlines() if line.strip().startswith("TARGET="))
    names = line.split()[0].removeprefix("TARGET=").split("|")
    shipped = {
        p.stem for p in (REPO / "fixtures" / "targets").glob("*.toml") if ".expected" not in p.name
    }
    assert set(names) == shipped | {"path.toml"}


def test_make_help_names_each_variable_the_recipes_read() -> None:
    done = make("help")
    for variable in ("TARGET", "STRICT", "MOCK_DEFECTS", "MOCK_SETTINGS", "EVIDENCE",
                     "EXPECTED_FINDINGS", "SHARD", "WORKERS", "SCENARIOS", "PYTEST_ARGS", "REPORTS",
                     "PORT", "ALLURE_HISTORY"):  # fmt: skip
        assert f"{variable}=" in done.stdout, variable
    assert "DEFECTS=a" not in done.stdout.replace("MOCK_DEFECTS=a", "")


# -- one name for the mock's defects ---------------------------------------------------------


def test_pytest_reads_harness_mock_defects_and_still_the_old_name(tmp_path: Path) -> None:
    new = harness(
        "scenarios/metadata", "--collect-only", env={"HARNESS_MOCK_DEFECTS": "iss-missing"}
    )
    assert "mock defects: iss-missing (from environment HARNESS_MOCK_DEFECTS)" in new.stdout
    old = harness("scenarios/metadata", "--collect-only", env={"MOCK_DEFECTS": "iss-missing"})
    assert (
        "mock defects: iss-missing (from environment MOCK_DEFECTS (deprecated: use "
        "HARNESS_MOCK_DEFECTS))" in old.stdout
    )


def test_the_standalone_mock_takes_the_same_option_name() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "harness.mock", "--mock-defects", "no-such-defect"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2
    assert "no-such-defect" in done.stderr
