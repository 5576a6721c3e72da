"""``python -m harness.mock``: the banner, Ctrl-C, and one line + exit 2 on bad input."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import threading
from pathlib import Path

import httpx
import pytest

from harness.mock import DEFECTS

ROOT = Path(__file__).parents[2]


def run(*args: str, timeout: float = 30) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "harness.mock", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=ROOT,
    )


def assert_one_line_failure(result: subprocess.CompletedProcess[str], *expected: str) -> None:
    assert result.returncode == 2, result
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert lines[0].startswith("python -m harness.mock: error: ")
    for text in expected:
        assert text in lines[0]


def test_unknown_defect_names_the_nearest() -> None:
    result = run("--defects", "iss-missing,code-reuseable")
    assert_one_line_failure(
        result, "unknown defect 'code-reuseable'; did you mean 'code-reusable'?"
    )


def test_port_in_use() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run("--port", str(port))
    assert_one_line_failure(result, f"127.0.0.1:{port}", "address already in use")


def test_malformed_settings_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text("port = = 3\n")
    assert_one_line_failure(run("--settings", str(bad)), str(bad), "not valid TOML")


def test_settings_file_with_a_bad_key(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text("pkce_plain_alowed = true\n")
    assert_one_line_failure(run("--settings", str(bad)), "did you mean 'pkce_plain_allowed'?")


@pytest.mark.parametrize("args", [["--port", "eighty"], ["--bogus"], ["--port", "70000"]])
def test_bad_arguments(args: list[str]) -> None:
    assert_one_line_failure(run(*args))


def test_list_defects() -> None:
    result = run("--list-defects")
    assert result.returncode == 0
    assert len(result.stdout.strip().splitlines()) == len(DEFECTS)
    assert "code-reusable" in result.stdout


def test_serves_prints_its_urls_and_stops_on_ctrl_c(tmp_path: Path) -> None:
    process = subprocess.Popen(
        [sys.executable, "-u", "-m", "harness.mock", "--control", "--defects", "iss-missing"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    watchdog = threading.Timer(60, process.kill)  # readline below cannot hang the suite
    watchdog.start()
    try:
        assert process.stdout is not None
        banner = []
        for _ in range(40):  # bounded: the banner is about 20 lines
            line = process.stdout.readline()
            banner.append(line)
            if "Ctrl-C" in line or not line:
                break
        text = "".join(banner)
        base = re.search(r"on (http://127\.0\.0\.1:\d+)", text)
        assert base, text
        for expected in (
            "/oauth2/authorize",
            "/oauth2/token",
            "client-one.client.test",
            "s3cret-one:%+/",
            "user@example.com",
            "iss-missing",
            "/_mock/clock",
        ):
            assert expected in text
        answer = httpx.post(base.group(1) + "/_mock/defects", data={}, timeout=10)
        assert answer.json()["active"] == ["iss-missing"]
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=15) == 0
        stderr = process.stderr.read() if process.stderr else ""
        assert "Traceback" not in stderr
        assert "stopped" in stderr
    finally:
        watchdog.cancel()
        if process.poll() is None:
            os.kill(process.pid, signal.SIGKILL)
            process.wait(timeout=5)
