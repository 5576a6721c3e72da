"""The catalogue view for reviewers: ``--list-scenarios`` prints every selected scenario with its
requirements, level, catalogue numbers and the capabilities it needs, and
``--list-scenarios-json=PATH`` writes the same as JSON. Collection only: no scenario runs, and no
browser, mock, ``[launch]`` server, RFC 8414 discovery or pre-flight is started."""

from __future__ import annotations

import inspect
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from harness.pytest_plugin._allure import title_of
from harness.pytest_plugin._markers import Declared

SCHEMA = 1
_TABLE_COLUMNS = ("level", "requirements", "catalogue", "needs", "scenario")


def add_options(parser: pytest.Parser) -> None:
    group = parser.getgroup("oauth-harness")
    group.addoption(
        "--list-scenarios",
        action="store_true",
        default=False,
        help="list the selected scenarios (requirements, level, catalogue numbers, needed "
        "capabilities) as a table and run none; collection only (no browser, no server started)",
    )
    group.addoption(
        "--list-scenarios-json",
        default=None,
        metavar="PATH",
        help="write the scenario list as JSON to PATH (relative to where the run starts); "
        "implies --list-scenarios",
    )


def listing(config: pytest.Config) -> bool:
    """True when this run only lists scenarios (nothing may be started for it)."""
    return bool(config.getoption("list_scenarios", False)) or bool(
        config.getoption("list_scenarios_json", None)
    )


def prepare(config: pytest.Config) -> None:
    """A listing runs in this process: no xdist workers (they would start servers to run)."""
    config.option.dist = "no"
    if hasattr(config.option, "tx"):
        config.option.tx = []


def entry(item: pytest.Item, declared: Declared, skip_reason: str | None) -> dict[str, Any]:
    """One scenario as listed: ``nodeid``, ``title`` (the docstring's first sentence, as Allure
    shows it), ``area``,
    ``requirements`` (RFC refs), ``level`` (MUST/SHOULD/MAY), ``catalogue`` (case numbers),
    ``needs`` (capabilities), ``kills`` (mock defects), ``browser`` and ``wall_clock`` (bool),
    ``skip_reason`` on this run's target (None: it runs)."""
    function = getattr(item, "function", None)
    doc = inspect.cleandoc(getattr(function, "__doc__", None) or "")
    parts = item.nodeid.split("/")
    return {
        "nodeid": item.nodeid,
        "title": title_of(doc, item.name),
        "area": parts[1] if len(parts) > 2 and parts[0] == "scenarios" else parts[0],
        "requirements": list(declared.requirements),
        "level": declared.level.value,
        "catalogue": list(declared.catalogue),
        "needs": list(declared.needs),
        "kills": list(declared.kills),
        "browser": item.get_closest_marker("browser") is not None,
        "wall_clock": item.get_closest_marker("wall_clock") is not None,
        "skip_reason": skip_reason,
    }


def table(entries: list[dict[str, Any]]) -> list[str]:
    """The entries as aligned text lines, a header line first."""
    rows = [
        (
            e["level"],
            " ".join(e["requirements"]),
            " ".join(f"#{n}" for n in e["catalogue"]) or "-",
            " ".join(e["needs"]) or "-",
            e["nodeid"].removeprefix("scenarios/"),
        )
        for e in entries
    ]
    widths = [max(len(r[i]) for r in [_TABLE_COLUMNS, *rows]) for i in range(4)]

    def line(row: tuple[str, ...]) -> str:
        cells = [cell.ljust(widths[i]) for i, cell in enumerate(row[:4])]
        return "  ".join([*cells, row[4]]).rstrip()

    return [line(_TABLE_COLUMNS), *(line(r) for r in rows)]


class Listing:
    """The plugin object of a listing run: records the final selection and runs nothing."""

    def __init__(
        self,
        declared: Callable[[pytest.Item], Declared],
        applicable: Callable[[Declared], str | None],
        target: str,
    ) -> None:
        self._declared = declared
        self._applicable = applicable
        self._target = target

    @pytest.hookimpl(tryfirst=True)
    def pytest_runtestloop(self, session: pytest.Session) -> bool:
        config = session.config
        entries: list[dict[str, Any]] = []
        others: list[str] = []
        for item in session.items:
            found = self._declared(item)
            if found.is_scenario:
                entries.append(entry(item, found, self._applicable(found)))
            else:
                others.append(item.nodeid)
        reporter = config.pluginmanager.get_plugin("terminalreporter")
        lines = [
            *table(entries),
            f"{len(entries)} scenarios on target {self._target}"
            + (f"; {len(others)} tests without a requirement marker" if others else ""),
        ]
        path_given = config.getoption("list_scenarios_json", None)
        if path_given:
            path = Path(str(path_given))
            document = {"schema": SCHEMA, "target": self._target, "scenarios": entries}
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")
            except OSError as exc:
                raise pytest.UsageError(
                    f"--list-scenarios-json {path}: cannot write it ({exc.strerror})"
                ) from None
            lines.append(f"JSON: {path}")
        if reporter is not None:
            reporter.ensure_newline()
            for text in lines:
                reporter.write_line(text)
        return True  # nothing runs
