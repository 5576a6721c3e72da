"""A target's [launch] server: started before the file is read, its variables announced in one
JSON line, stopped when the run ends; every failure is one line naming the file and key."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from harness.targets import TargetError, launch, read_launch

SERVER = """\
import json, sys, time
print(json.dumps({"env": {"AS_PORT": "4321", "AS_SECRET": "s3cret-from-launch"}}), flush=True)
for _ in sys.stdin:
    pass
"""


def target_file(tmp_path: Path, launch_table: str) -> Path:
    path = tmp_path / "t.toml"
    path.write_text(f'kind = "remote"\n\n[launch]\n{launch_table}', encoding="utf-8")
    return path


def test_no_launch_table_is_none(tmp_path: Path) -> None:
    path = tmp_path / "t.toml"
    path.write_text('kind = "remote"\n', encoding="utf-8")
    assert read_launch(path) is None


def test_the_server_announces_its_variables_and_stops_with_the_run(tmp_path: Path) -> None:
    (tmp_path / "server.py").write_text(SERVER, encoding="utf-8")
    path = target_file(tmp_path, 'command = ["{python}", "{root}/server.py"]\n')
    spec = read_launch(path)
    assert spec is not None
    launched = launch(spec, tmp_path)
    try:
        assert launched.env == {"AS_PORT": "4321", "AS_SECRET": "s3cret-from-launch"}
        assert launched.process.poll() is None
        assert "s3cret-from-launch" not in repr(launched) + launched.describe()
    finally:
        launched.stop()
    assert launched.process.poll() is not None


@pytest.mark.parametrize(
    ("table", "expected"),
    [
        ("command = []\n", "[launch] command: expected a non-empty array of strings"),
        ('command = "serve"\n', "[launch] command: expected an array, got a string"),
        ('cmd = ["x"]\n', "[launch] unknown key 'cmd' (did you mean 'command'?)"),
        ('command = ["x"]\nready_timeout_s = 0\n', "[launch] ready_timeout_s: must be a number"),
        ('command = ["x"]\nready_timeout_s = nan\n', "[launch] ready_timeout_s: must be a number"),
        ('command = ["x"]\nready_timeout_s = inf\n', "[launch] ready_timeout_s: must be a number"),
    ],
)
def test_a_bad_table_is_one_line(tmp_path: Path, table: str, expected: str) -> None:
    with pytest.raises(TargetError) as info:
        read_launch(target_file(tmp_path, table))
    assert expected in str(info.value)
    assert "\n" not in str(info.value)


@pytest.mark.parametrize(
    ("script", "expected"),
    [
        ("import sys; sys.stderr.write('boom: port in use\\n'); sys.exit(3)",
         "the server exited with code 3 before it was ready"),
        ("print('not json', flush=True); import time; time.sleep(60)",
         "its first line on stdout is not JSON"),
        ("print('{\"ready\": true}', flush=True); import time; time.sleep(60)",
         'its first line is not {"env": {"NAME": "value", ...}}'),
        ("import time; time.sleep(60)", "no ready line on stdout within 0.5 s"),
    ],
)  # fmt: skip
def test_a_server_that_never_gets_ready_is_one_line_and_is_stopped(
    tmp_path: Path, script: str, expected: str
) -> None:
    (tmp_path / "server.py").write_text(script, encoding="utf-8")
    # Only the silent server waits out its timeout; the others answer (or exit) on their own,
    # however slowly a loaded machine starts Python.
    timeout = 0.5 if "no ready line" in expected else 30
    path = target_file(
        tmp_path, f'command = ["{{python}}", "server.py"]\nready_timeout_s = {timeout}\n'
    )
    spec = read_launch(path)
    assert spec is not None
    with pytest.raises(TargetError) as info:
        launch(spec, tmp_path)
    message = str(info.value)
    assert message.startswith(f"{path}: [launch] command: {expected} (its stderr: ")
    log = Path(message.rsplit("(its stderr: ", 1)[1].rstrip(")"))
    if "boom" in script:  # what the server said is kept for the reader, never in the line
        assert "boom: port in use" in log.read_text()
        assert "boom" not in message
    log.unlink()


def test_a_command_that_does_not_exist_is_one_line(tmp_path: Path) -> None:
    spec = read_launch(target_file(tmp_path, 'command = ["no-such-program-here"]\n'))
    assert spec is not None
    with pytest.raises(TargetError, match="cannot start 'no-such-program-here'"):
        launch(spec, tmp_path)


def test_python_is_the_harness_interpreter(tmp_path: Path) -> None:
    spec = read_launch(target_file(tmp_path, 'command = ["{python}", "-V"]\n'))
    assert spec is not None
    assert spec.command[0] == "{python}"
    assert Path(sys.executable).exists()


def test_a_server_that_announces_a_bad_variable_name_is_stopped(tmp_path: Path) -> None:
    script = 'print(\'{"env": {"A=B": "x"}}\', flush=True); import time; time.sleep(60)'
    (tmp_path / "server.py").write_text(script, encoding="utf-8")
    spec = read_launch(target_file(tmp_path, 'command = ["{python}", "server.py"]\n'))
    assert spec is not None
    with pytest.raises(TargetError, match="it announced 'A=B', not a variable name"):
        launch(spec, tmp_path)


def test_a_chatty_server_does_not_block_on_its_stderr(tmp_path: Path) -> None:
    script = (
        "import sys, json; sys.stderr.write('x' * 500_000); sys.stderr.flush()\n"
        + SERVER.split("\n", 1)[1]
    )
    (tmp_path / "server.py").write_text(script, encoding="utf-8")
    spec = read_launch(target_file(tmp_path, 'command = ["{python}", "server.py"]\n'))
    assert spec is not None
    launched = launch(spec, tmp_path)
    try:
        assert launched.env["AS_PORT"] == "4321"
    finally:
        launched.stop()


def test_a_mock_target_may_not_launch_anything(tmp_path: Path) -> None:
    path = tmp_path / "t.toml"
    path.write_text('kind = "mock"\n[launch]\ncommand = ["touch", "ran"]\n', encoding="utf-8")
    with pytest.raises(TargetError, match="only a remote target starts its own server"):
        read_launch(path)
    assert not (tmp_path / "ran").exists()
