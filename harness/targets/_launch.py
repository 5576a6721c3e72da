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
import signal
import subprocess
import sys
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
STOP_GRACE_S = 5.0


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

    def describe(self) -> str:
        shown = " ".join(self.spec.command)
        return f"launched `{shown}` (pid {self.process.pid}) in {self.elapsed_s:.1f} s"


def read_launch(path: Path) -> LaunchSpec | None:
    """The file's ``[launch]`` table, read before anything else (its output fills the rest);
    None when there is none. A problem is a TargetError of one line."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return None  # load_target reports these, with its own wording
    if "launch" not in data:
        return None
    top = Table(Context(path, {}, remote=True), "", {"launch": data["launch"]}, ("launch",))
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
    try:
        process = subprocess.Popen(  # noqa: S603 - the argv comes from the user's own target file
            argv,
            cwd=root,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            start_new_session=True,
        )
    except OSError as exc:
        raise TargetError(f"{where}: cannot start {argv[0]!r} ({exc.strerror})") from None
    lines: queue.Queue[bytes] = queue.Queue()
    threading.Thread(target=_first_line, args=(process, lines), daemon=True).start()
    try:
        line = lines.get(timeout=spec.ready_timeout_s)
    except queue.Empty:
        line = None  # still silent when the time was up
    if line == b"":  # stdout closed: the server is on its way out; let it finish to say why
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=STOP_GRACE_S)
    launched = Launched(spec, process, {}, time.monotonic() - started)
    try:
        launched.env = _announced(line or b"", spec)
    except TargetError:
        launched.stop()
        raise
    except _NoLine:
        running = process.poll() is None
        launched.stop()
        why = (
            f"no ready line on stdout within {spec.ready_timeout_s:g} s"
            if running
            else _exit_story(process)
        )
        raise TargetError(f"{where}: {why}") from None
    threading.Thread(target=_drain, args=(process,), daemon=True).start()
    return launched


class _NoLine(Exception):
    pass


def _first_line(process: subprocess.Popen[bytes], lines: queue.Queue[bytes]) -> None:
    assert process.stdout is not None
    lines.put(process.stdout.readline())


def _drain(process: subprocess.Popen[bytes]) -> None:
    """Keep reading the server's output, so a chatty server never blocks on a full pipe."""
    for stream in (process.stdout, process.stderr):
        if stream is not None:
            threading.Thread(target=_discard, args=(stream,), daemon=True).start()


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
    return dict(env)


def _exit_story(process: subprocess.Popen[bytes]) -> str:
    """How a server that exited before it was ready ended: its code and last stderr line."""
    code = process.poll()
    last = b""
    if process.stderr is not None:
        lines = [line for line in process.stderr.read().splitlines() if line.strip()]
        last = lines[-1] if lines else b""
    said = last.decode("utf-8", "replace").strip()[:200]
    return f"the server exited with code {code} before it was ready" + (f": {said}" if said else "")
