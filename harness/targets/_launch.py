"""Starting the server a target file describes (its ``[launch]`` table) for the length of a run.

The command must start the server on loopback and, once it answers, print exactly one line on
stdout: a JSON object ``{"env": {"NAME": "value", ...}}``. Those variables fill the target
file's ``${NAME}`` references (ports, client ids, generated secrets). The server runs until the
harness stops it (SIGTERM, then SIGKILL) or its stdin closes.
"""

from __future__ import annotations

import contextlib
import json
import os
import queue
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from harness.targets._model import TargetError
from harness.targets._reader import Context, Table

LAUNCH_KEYS = ("command", "ready_timeout_s")
_ENV_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
STOP_GRACE_S = 5.0
MAX_READY_LINE = 1 << 20  # bytes; a longer "line" is not the ready line


@dataclass(frozen=True)
class LaunchSpec:
    """``command`` is an argv; ``{python}`` is the harness's interpreter, ``{root}`` the
    project root. ``ready_timeout_s`` bounds the wait for the JSON line (seconds)."""

    source: Path
    command: tuple[str, ...]
    ready_timeout_s: float = 60.0


@dataclass
class Launched:
    """A started server: its process and the variables it announced (values may be secrets)."""

    spec: LaunchSpec
    process: subprocess.Popen[bytes]
    env: dict[str, str] = field(repr=False)
    elapsed_s: float
    log: Path | None = None  # the server's stderr (outside the reports: it may hold secrets)

    def stop(self) -> None:
        """SIGTERM the server's process group, SIGKILL it after a grace period."""
        if self.process.poll() is not None:
            return
        try:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=STOP_GRACE_S)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=STOP_GRACE_S)
        except ProcessLookupError:
            pass
        finally:
            if self.process.stdin is not None:
                self.process.stdin.close()
            if self.log is not None:
                self.log.unlink(missing_ok=True)

    def describe(self) -> str:
        shown = " ".join(self.spec.command)
        return f"launched `{shown}` (pid {self.process.pid}) in {self.elapsed_s:.1f} s"


def read_launch(path: Path) -> LaunchSpec | None:
    """The file's ``[launch]`` table, read before anything else (its output fills the rest);
    None when there is none. A problem is a TargetError of one line."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError, RecursionError):
        return None  # load_target reports these, with its own wording
    if "launch" not in data:
        return None
    top = Table(Context(path, {}, remote=True), "", {"launch": data["launch"]}, ("launch",))
    if data.get("kind") != "remote":  # refused before anything runs
        raise top.error("launch", "only a remote target starts its own server; remove [launch]")
    table = top.required_table("launch", LAUNCH_KEYS)
    command = table.raw("command", list, required=True)
    if not isinstance(command, list) or not command or not all(isinstance(a, str) for a in command):
        raise table.error("command", "expected a non-empty array of strings (an argv)")
    return LaunchSpec(
        source=path,
        command=tuple(command),
        ready_timeout_s=table.number("ready_timeout_s", LaunchSpec.ready_timeout_s),
    )


def launch(spec: LaunchSpec, root: Path) -> Launched:
    """Start the server and wait for its JSON line; TargetError (one line) if it never comes."""
    argv = [
        arg.replace("{python}", sys.executable).replace("{root}", str(root)) for arg in spec.command
    ]
    started = time.monotonic()
    where = f"{spec.source}: [launch] command"
    # stderr goes to a file, never a pipe: a chatty server cannot block on it, and nothing it
    # says (it may print secrets) reaches a report or an error line.
    handle, name = tempfile.mkstemp(prefix="harness-launch-", suffix=".log")
    log = Path(name)
    try:
        with os.fdopen(handle, "wb") as stderr:
            process = subprocess.Popen(  # noqa: S603 - the argv comes from the user's own file
                argv,
                cwd=root,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=stderr,
                start_new_session=True,
            )
    except OSError as exc:
        log.unlink(missing_ok=True)
        raise TargetError(f"{where}: cannot start {argv[0][:80]!r} ({exc.strerror})") from None
    lines: queue.Queue[bytes] = queue.Queue()
    threading.Thread(target=_first_line, args=(process, lines), daemon=True).start()
    try:
        line = lines.get(timeout=spec.ready_timeout_s)
    except queue.Empty:
        line = None  # still silent when the time was up
    if line == b"":  # stdout closed: the server is on its way out; let it finish to say why
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=STOP_GRACE_S)
    launched = Launched(spec, process, {}, time.monotonic() - started, log)
    try:
        launched.env = _announced(line or b"", spec)
    except TargetError as exc:
        launched.log = None  # kept: it says why
        launched.stop()
        raise TargetError(f"{exc} (its stderr: {log})") from None
    except _NoLine:
        running = process.poll() is None
        launched.log = None
        launched.stop()
        why = (
            f"no ready line on stdout within {spec.ready_timeout_s:g} s"
            if running
            else f"the server exited with code {process.returncode} before it was ready"
        )
        raise TargetError(f"{where}: {why} (its stderr: {log})") from None
    threading.Thread(target=_drain, args=(process,), daemon=True).start()
    return launched


class _NoLine(Exception):
    pass


def _first_line(process: subprocess.Popen[bytes], lines: queue.Queue[bytes]) -> None:
    assert process.stdout is not None
    lines.put(process.stdout.readline(MAX_READY_LINE))


def _drain(process: subprocess.Popen[bytes]) -> None:
    """Keep reading the server's stdout, so a chatty server never blocks on a full pipe."""
    if process.stdout is not None:
        threading.Thread(target=_discard, args=(process.stdout,), daemon=True).start()


def _discard(stream: IO[bytes]) -> None:
    for _line in stream:
        pass


def _announced(line: bytes, spec: LaunchSpec) -> dict[str, str]:
    if not line.strip():
        raise _NoLine
    where = f"{spec.source}: [launch] command"
    try:
        message = json.loads(line)
    except ValueError:
        raise TargetError(f"{where}: its first line on stdout is not JSON") from None
    env = message.get("env") if isinstance(message, dict) else None
    if not isinstance(env, Mapping) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in env.items()
    ):
        raise TargetError(f'{where}: its first line is not {{"env": {{"NAME": "value", ...}}}}')
    bad = next((name for name in env if not _ENV_NAME.fullmatch(name)), None)
    if bad is not None:
        raise TargetError(f"{where}: it announced {bad[:40]!r}, not a variable name")
    if any("\x00" in value for value in env.values()):
        raise TargetError(f"{where}: it announced a value holding a NUL character")
    return dict(env)
