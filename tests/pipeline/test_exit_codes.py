"""Exit codes, one test per class (README, Exit codes): 0 conforming or only expected findings,
1 new findings, 2 and up the harness could not judge: 2 interrupted, 3 no Chromium, 4 a bad
configuration, 5 no scenario selected, 6 the target is down. Each of 2 to 6 is one line on
stderr and no traceback; make exits 2 for any of them and prints the harness's code.

Nothing here starts Chromium (the one browser case points the Chromium lookup at nothing), so
no run needs the browser lock."""

from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path

import pytest

from tests.pipeline._run import REPO, Done, clean_env, harness, make
from tests.runs._harness import SECRETS_ENV, free_port, remote_target

# A mock scenario without a browser, and the MUST-level defect it catches.
NO_BROWSER = "scenarios/metadata/test_metadata_document.py"
FINDING = "metadata-octet-stream"
BROWSER_SCENARIO = "scenarios/authorization/test_state.py"

EXPECTED = f"""\
[[finding]]
scenario = "{NO_BROWSER}::test_metadata_is_a_json_object"
outcome = "failed"
requirement = "RFC8414-3.2"
behaviour = "The metadata is served as application/octet-stream."
evidence = "The mock's metadata-octet-stream defect, switched on by this test."
"""


def run(tmp_path: Path, *args: str, env: dict[str, str] | None = None) -> Done:
    return harness(*args, "-n", "0", f"--summary-dir={tmp_path / 'reports'}", env=env)


def assert_one_line(done: Done, code: int, *needles: str) -> str:
    assert done.returncode == code, done.stdout[-3000:] + done.stderr
    lines = done.stderr_lines()
    assert len(lines) == 1, done.stderr
    assert "Traceback" not in done.stdout + done.stderr
    for needle in needles:
        assert needle in lines[0], lines[0]
    return lines[0]


def test_0_conforming(tmp_path: Path) -> None:
    done = run(tmp_path, NO_BROWSER)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stderr_lines() == []


def test_0_only_expected_findings(tmp_path: Path) -> None:
    expected = tmp_path / "mock.expected.toml"
    expected.write_text(EXPECTED, encoding="utf-8")
    done = run(tmp_path, NO_BROWSER, f"--mock-defects={FINDING}", f"--expected-findings={expected}")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "xfailed" in done.stdout


def test_1_new_findings(tmp_path: Path) -> None:
    done = run(tmp_path, NO_BROWSER, f"--mock-defects={FINDING}")
    assert done.returncode == 1, done.stdout + done.stderr
    assert "1 failed" in done.stdout


SLOW_SCENARIO = """
import time
import pytest

@pytest.mark.requirement("RFC6749-4.1.2")
def test_takes_its_time():
    print("SCENARIO STARTED", flush=True)
    time.sleep(60)  # interrupted long before it ends, however loaded the machine is
"""


def test_2_interrupted(tmp_path: Path) -> None:
    (tmp_path / "conftest.py").write_text('pytest_plugins = ["harness.pytest_plugin"]\n')
    (tmp_path / "test_slow.py").write_text(SLOW_SCENARIO)
    process = subprocess.Popen(
        [sys.executable, "-m", "pytest", "-p", "no:randomly", "-p", "no:cacheprovider",
         "test_slow.py", "-s", f"--targets-dir={REPO / 'fixtures' / 'targets'}",
         f"--summary-dir={tmp_path / 'reports'}", f"--rootdir={tmp_path}"],
        cwd=tmp_path, env={**clean_env(), "PYTHONPATH": str(REPO)},
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert process.stdout is not None
    seen = ""
    while "SCENARIO STARTED" not in seen:  # interrupted once the scenario runs
        line = process.stdout.readline()
        assert line, "the run ended before the scenario started"
        seen += line
    process.send_signal(signal.SIGINT)
    stdout, stderr = process.communicate(timeout=120)
    done = Done(process.returncode, seen + stdout, stderr)
    assert_one_line(done, 2, "interrupted")


def test_3_no_chromium(tmp_path: Path) -> None:
    done = run(
        tmp_path, BROWSER_SCENARIO, "-k", "no_state_sent", env={"HARNESS_CHROMIUM": "/nonexistent"}
    )
    assert_one_line(done, 3, "no Chromium", "HARNESS_CHROMIUM=/nonexistent")


def test_4_bad_target_file(tmp_path: Path) -> None:
    target = tmp_path / "bad.toml"
    target.write_text('kind = "mock"\nname = "bad"\n[endpoints\n', encoding="utf-8")
    done = run(tmp_path, NO_BROWSER, f"--target={target}")
    assert_one_line(done, 4, str(target))


@pytest.mark.parametrize(
    ("args", "env", "named"),
    [
        (("--shard=0/3",), None, "--shard '0/3' (command line)"),
        (("--shard=4/3",), None, "--shard '4/3' (command line)"),
        (("--shard=1/1001",), None, "--shard '1/1001'"),
        (("--shard=",), None, "--shard '' (command line)"),
        ((), {"HARNESS_SHARD": "2 of 4"}, "(environment HARNESS_SHARD)"),
    ],
    ids=["zero", "k-above-n", "n-above-limit", "empty", "env-words"],
)
def test_4_bad_shard(
    tmp_path: Path, args: tuple[str, ...], env: dict[str, str] | None, named: str
) -> None:
    done = run(tmp_path, NO_BROWSER, *args, env=env)
    assert_one_line(done, 4, named, "K/N", "1 <= K <= N <= 1000")


@pytest.mark.parametrize("rerun", ["--lf", "--ff"])
def test_4_shard_with_last_failed(tmp_path: Path, rerun: str) -> None:
    done = run(tmp_path, NO_BROWSER, "--shard=1/2", rerun)
    assert_one_line(done, 4, "--shard (command line) cannot be combined with --lf/--ff")


def test_5_no_scenario_selected(tmp_path: Path) -> None:
    done = run(tmp_path, NO_BROWSER, "-k", "no_such_scenario")
    assert_one_line(done, 5, "no scenario selected")


def test_6_unreachable_target(tmp_path: Path) -> None:
    target = remote_target(tmp_path, f"http://127.0.0.1:{free_port()}")  # nothing listens
    done = run(
        tmp_path,
        NO_BROWSER,
        f"--target={target}",
        env={"HARNESS_CHROMIUM": "/nonexistent", **SECRETS_ENV},
    )
    assert_one_line(done, 6, "pre-flight for target mock-as-remote", "127.0.0.1")


def test_make_exits_2_and_prints_the_harness_code(tmp_path: Path) -> None:
    target = tmp_path / "bad.toml"
    target.write_text("kind = 'nonsense'\n", encoding="utf-8")
    done = make(
        "conformance", f"TARGET={target}", f"REPORTS={tmp_path}", f"SCENARIOS={NO_BROWSER}",
        "WORKERS=0",
    )  # fmt: skip
    assert done.returncode == 2
    assert "make conformance: the harness exited with code 4" in done.stderr
    assert (tmp_path / "exit-code").read_text().strip() == "4"
    assert "Traceback" not in done.stdout + done.stderr
