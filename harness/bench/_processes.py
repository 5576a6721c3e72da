"""CPU time and private memory of this process and the processes it started (Playwright's
driver, Chromium and its renderers), read with psutil."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass

import psutil

MB = 1024 * 1024


@dataclass(frozen=True)
class Usage:
    """CPU seconds (user + system, each process's reaped children included) and private memory
    (USS) in MB of this process (``worker``) and of everything under it (``browser``: the
    Playwright driver, Chromium)."""

    cpu_s: float
    worker_mb: float
    browser_mb: float


def _cpu(process: psutil.Process) -> float:
    times = process.cpu_times()
    return times.user + times.system + times.children_user + times.children_system


def usage(memory: bool = False) -> Usage:
    """This process tree's usage now. Memory (``memory=True``) reads each process's page map:
    tens of milliseconds, so only at the start and end of a series. Processes that end while
    being read are skipped; their CPU is counted once their parent reaps them."""
    me = psutil.Process()
    cpu = _cpu(me)
    worker_mb = me.memory_full_info().uss / MB if memory else 0.0
    browser_mb = 0.0
    for child in me.children(recursive=True):
        with contextlib.suppress(psutil.NoSuchProcess, psutil.AccessDenied):
            cpu += _cpu(child)
            if memory:
                browser_mb += child.memory_full_info().uss / MB
    return Usage(cpu, worker_mb, browser_mb)
