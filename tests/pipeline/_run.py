"""Running ``make`` and ``pytest scenarios`` as a user or a CI job does, in a subprocess.

``make`` always runs with the install stamps taken as up to date (``-o``): a test must never
reinstall the shared ``.venv``. No helper here starts Chromium."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
MAKE_TIMEOUT_S = 180
# Make and harness variables a developer's shell may hold; every run starts without them.
_AMBIENT = re.compile(
    r"^(HARNESS_|MOCK_|TARGET$|STRICT$|EVIDENCE$|EXPECTED_FINDINGS$|SHARD$|WORKERS$|"
    r"SCENARIOS$|PYTEST_ARGS$|REPORTS$|DEFECTS$|BROWSER_ENDPOINT$|MAKEFLAGS$|MFLAGS$|MAKELEVEL$)"
)
NOT_REINSTALLED = ("-o", ".venv/.installed", "-o", ".venv/.chromium")


@dataclass
class Done:
    returncode: int
    stdout: str
    stderr: str

    def stderr_lines(self) -> list[str]:
        return [line for line in self.stderr.splitlines() if line.strip()]


def clean_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not _AMBIENT.match(k)}
    env.update(extra or {})
    return env


def make(*args: str, env: dict[str, str] | None = None, dry: bool = False) -> Done:
    """``make [-n] <args>`` in the repository, with the stamps taken as up to date."""
    argv = ["make", "--no-print-directory", *NOT_REINSTALLED, *(["-n"] if dry else []), *args]
    done = subprocess.run(
        argv,
        cwd=REPO,
        env=clean_env(env),
        capture_output=True,
        text=True,
        timeout=MAKE_TIMEOUT_S,
        check=False,
    )
    return Done(done.returncode, done.stdout, done.stderr)


def harness(*args: str, env: dict[str, str] | None = None, timeout: float = 180) -> Done:
    """``python -m pytest <args>`` in the repository (scenario paths among the args)."""
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:randomly", *args],
        cwd=REPO,
        env=clean_env(env),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    return Done(done.returncode, done.stdout, done.stderr)
