"""Find a Chromium executable, or install Debian's package when we are allowed to.

Never ``playwright install``: it downloads browsers, and this machine reaches only package
registries. Order: ``HARNESS_CHROMIUM``, a Playwright-managed Chromium, the system Chromium, then
(root with apt-get only) ``apt-get install chromium``.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

ENV_OVERRIDE = "HARNESS_CHROMIUM"
SYSTEM_CANDIDATES: tuple[str, ...] = (
    "/usr/bin/chromium",
    "/usr/bin/chromium-browser",
    "chromium",
    "chromium-browser",
)
HOW_TO_GET_ONE = (
    "no Chromium found: run 'sudo apt-get install chromium' (Debian/Ubuntu) "
    f"or set {ENV_OVERRIDE}=/path/to/chrome"
)
_REVISION = re.compile(r"chromium-(\d+)$")


class ChromiumNotFoundError(RuntimeError):
    """No usable Chromium; ``str()`` is one line saying how to get one."""


def _is_executable(path: Path) -> bool:
    return path.is_file() and os.access(path, os.X_OK)


def playwright_dirs(environ: Mapping[str, str], home: Path) -> list[Path]:
    """Where Playwright keeps its browsers: PLAYWRIGHT_BROWSERS_PATH, then the default cache."""
    dirs = []
    custom = environ.get("PLAYWRIGHT_BROWSERS_PATH", "")
    if custom and custom != "0":  # "0" means "inside the playwright package": nothing there here
        dirs.append(Path(custom).expanduser())
    dirs.append(home / ".cache" / "ms-playwright")
    return dirs


def _playwright_chromium(root: Path) -> Path | None:
    if not root.is_dir():
        return None
    found: list[tuple[int, Path]] = []
    for exe in root.glob("chromium-*/chrome-linux*/chrome"):
        match = _REVISION.match(exe.parent.parent.name)
        if match and _is_executable(exe):
            found.append((int(match[1]), exe))
    return max(found)[1] if found else None


def _system_chromium(candidates: Sequence[str]) -> Path | None:
    for name in candidates:
        resolved = name if os.sep in name else shutil.which(name)
        if resolved and _is_executable(Path(resolved)):
            return Path(resolved)
    return None


def find_chromium(
    environ: Mapping[str, str] | None = None,
    *,
    home: Path | None = None,
    system_candidates: Sequence[str] = SYSTEM_CANDIDATES,
) -> Path | None:
    """The Chromium to use, or None. Raise ChromiumNotFoundError if the override is unusable."""
    env = os.environ if environ is None else environ
    override = env.get(ENV_OVERRIDE, "")
    if override:
        path = Path(override).expanduser()
        if not _is_executable(path):
            raise ChromiumNotFoundError(f"{ENV_OVERRIDE}={override} is not an executable file")
        return path
    for root in playwright_dirs(env, Path.home() if home is None else home):
        exe = _playwright_chromium(root)
        if exe is not None:
            return exe
    return _system_chromium(system_candidates)


def default_log_path() -> Path:
    return Path(tempfile.gettempdir()) / "harness-chromium-install.log"


Runner = Callable[[list[str], Path], int]


def _run_logged(argv: list[str], log_path: Path) -> int:
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    with log_path.open("a", encoding="utf-8") as log:
        log.write(f"$ {' '.join(argv)}\n")
        log.flush()
        done = subprocess.run(  # noqa: S603 - fixed argv, no shell
            argv, stdout=log, stderr=subprocess.STDOUT, env=env, check=False
        )
    return done.returncode


def install_chromium(apt_get: str, log_path: Path, run: Runner = _run_logged) -> None:
    """``apt-get update`` once, then install Debian's ``chromium``; output goes to ``log_path``."""
    log_path.write_text("", encoding="utf-8")
    for argv in (
        [apt_get, "-qq", "update"],
        [apt_get, "-qq", "install", "-y", "--no-install-recommends", "chromium"],
    ):
        code = run(argv, log_path)
        if code != 0:
            raise ChromiumNotFoundError(
                f"installing chromium failed ('{' '.join(argv[1:])}' exited {code}); see {log_path}"
            )


def ensure_chromium(
    environ: Mapping[str, str] | None = None,
    *,
    home: Path | None = None,
    system_candidates: Sequence[str] = SYSTEM_CANDIDATES,
    allow_install: bool = True,
    is_root: bool | None = None,
    apt_get: str | None = None,
    log_path: Path | None = None,
    run: Runner = _run_logged,
) -> Path:
    """Find Chromium, installing the Debian package if root with apt-get; else raise one line."""

    def find() -> Path | None:
        return find_chromium(environ, home=home, system_candidates=system_candidates)

    found = find()
    if found is not None:
        return found
    root = (os.geteuid() == 0) if is_root is None else is_root
    apt = shutil.which("apt-get") if apt_get is None else apt_get
    if not (allow_install and root and apt):
        raise ChromiumNotFoundError(HOW_TO_GET_ONE)
    log = default_log_path() if log_path is None else log_path
    install_chromium(apt, log, run)
    found = find()
    if found is None:
        raise ChromiumNotFoundError(f"chromium was installed but not found on PATH; see {log}")
    return found
