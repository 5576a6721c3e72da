"""make bench: how fast the harness is on this machine, against the bounds it should meet.

    python -m harness.bench [--rounds 30] [--series 500] [--parts abcd] [--out reports/bench.json]

(a) one authorization through the harness against bare Playwright on the same mock pages;
(b) the mock suite's wall time with one process and with two workers, and the default's;
(c) time per scenario by area, the slowest ten; (d) a series of authorizations in one browser:
drift and memory growth. Prints a table and writes the figures as JSON (each run replaces
the file: give a part its own --out). Exit 0 when it measured, even if a bound was missed
(--check: 1 then), 2 on a bad argument, 3 when a part failed.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path
from typing import Any, NoReturn

from harness.bench._authorizations import MIN_SERIES, compare, series
from harness.bench._figures import by_area, slowest, table, verdicts
from harness.bench._suite import ROOT, SuiteRunError, run_suite
from harness.pytest_plugin import scenario_workers


def _commit() -> str:
    done = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"],  # noqa: S607
        cwd=ROOT, capture_output=True, text=True, check=False,
    )  # fmt: skip
    return done.stdout.strip() or "unknown"


def _machine() -> dict[str, Any]:
    return {
        "cpus": os.cpu_count(),
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "python": platform.python_version(),
        "commit": _commit(),
        "date": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
    }


def _suite(reports: Path) -> dict[str, Any]:
    default = scenario_workers(os.cpu_count() or 1)
    serial = run_suite("0", reports / "serial")
    two = run_suite("2", reports / "two-workers")
    wall_default = {0: serial.wall_s, 2: two.wall_s}.get(default)
    if wall_default is None:
        wall_default = run_suite(str(default), reports / "default").wall_s
    return {
        "scenarios": len(serial.cases),
        "default_workers": default,
        "suite_wall_serial_s": serial.wall_s,
        "suite_wall_2_workers_s": two.wall_s,
        "suite_wall_s": wall_default,
        "speedup": serial.wall_s / two.wall_s,
        "areas": by_area(serial.cases),
        "slowest": [
            {"nodeid": case.nodeid, "area": case.area, "seconds": case.seconds}
            for case in slowest(serial.cases)
        ],
    }


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # one line, not the usage block
        self.exit(2, f"{self.prog}: {message}\n")


def main(argv: list[str] | None = None) -> int:
    parser = _Parser(
        prog="python -m harness.bench",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--rounds", type=int, default=30, help="part a: rounds of each flow")
    parser.add_argument(
        "--series", type=int, default=500, help=f"part d: authorizations (≥ {MIN_SERIES})"
    )
    parser.add_argument("--parts", default="abcd", help="which parts to run (c needs b)")
    parser.add_argument("--out", type=Path, default=Path("reports/bench.json"))
    parser.add_argument("--check", action="store_true", help="exit 1 if a target is missed")
    args = parser.parse_args(argv)
    if args.rounds < 1:
        parser.error(f"--rounds {args.rounds}: at least 1")
    if args.series < MIN_SERIES:
        parser.error(f"--series {args.series}: at least {MIN_SERIES}")
    if not args.parts or not set(args.parts) <= set("abcd"):
        parser.error(f"--parts {args.parts!r}: letters of abcd")
    out: Path = args.out
    figures: dict[str, Any] = {"machine": _machine()}
    try:
        if "a" in args.parts:
            print("bench (a): authorizations, harness against bare Playwright …", flush=True)
            figures.update(compare(args.rounds))
        if "b" in args.parts or "c" in args.parts:
            print("bench (b, c): the mock suite, one process, then two workers …", flush=True)
            figures.update(_suite(out.parent / "bench-runs"))
        if "d" in args.parts:
            print(f"bench (d): {args.series} authorizations in one browser …", flush=True)
            figures.update(series(args.series))
    except SuiteRunError as exc:
        print(f"bench: {exc}", file=sys.stderr)
        return 3
    figures["machine"]["load_average_end"] = [round(x, 2) for x in os.getloadavg()]
    figures["targets"] = verdicts(figures)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    print(table(figures))
    print(f"figures: {out}")
    missed = [key for key, verdict in figures["targets"].items() if not verdict["met"]]
    return 1 if args.check and missed else 0


if __name__ == "__main__":
    sys.exit(main())
