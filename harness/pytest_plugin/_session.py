"""What one pytest run knows: options, the loaded target, and the verdicts collected so far."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

import allure
import pytest

from harness.browser import CallbackListener, describe_browser
from harness.evidence import Evidence, Redactor
from harness.mock import DEFECTS, UnknownDefectError, parse_defects
from harness.pytest_plugin import _selftest
from harness.pytest_plugin._artifacts import BrowserArtifacts
from harness.pytest_plugin._expected import (
    ExpectedFinding,
    ExpectedFindings,
    expected_lines,
    reconcile,
)
from harness.pytest_plugin._history import Baseline, compare, comparison_lines
from harness.pytest_plugin._markers import Declared, MarkerError
from harness.pytest_plugin._options import HarnessOptions
from harness.pytest_plugin._reports import (
    Results,
    area_table,
    level_table,
    non_pass_lines,
    write_summary,
)
from harness.pytest_plugin._shards import ShardTally
from harness.pytest_plugin._verdicts import EVIDENCE_KEY, RESULT_PROPERTY, ScenarioResult
from harness.targets import Capabilities, Launched, Target


def _capability_names() -> frozenset[str]:
    return frozenset(f.name for f in fields(Capabilities))


# Skip reasons for capabilities that are not a plain yes/no the target file writes, or whose
# absence needs saying why it is no finding.
_WHY_NOT = {
    "metadata": (
        "publishes no RFC 8414 metadata ([capabilities] metadata is false and [endpoints] "
        "discover is off): no finding, RFC 9700 §2.6 only RECOMMENDS metadata"
    ),
    "second_client": "has no [clients.second] configured",
    "public_client": "has no [clients.public] configured",
    "loopback_any_port": (
        "registers its primary redirect URI in another form than a loopback IP literal whose "
        "port may vary (RFC 8252 §7.3)"
    ),
}


@dataclass
class HarnessSession:
    options: HarnessOptions
    target: Target
    defects: frozenset[str]
    results: Results
    matrix: _selftest.KillMatrix = field(default_factory=_selftest.KillMatrix)
    problems: list[str] = field(default_factory=list)
    held: list[CallbackListener] = field(default_factory=list)  # fixed redirect-URI ports
    preflight_lines: list[str] = field(default_factory=list)
    launched: Launched | None = None  # the target's [launch] server (controller only)
    expected: ExpectedFindings | None = None
    mock_settings: Path | None = None  # layered over the target file's mock (--mock-settings)
    current: pytest.Item | None = None  # the scenario running (or last run) in this process
    artifacts: BrowserArtifacts = field(default_factory=BrowserArtifacts)
    baseline: Baseline | None = None  # an earlier summary.json to compare with (--baseline)
    partial_selection: bool = False  # -k, -m, a file or node id, --shard: not the whole suite
    shard: ShardTally | None = None  # --shard K/N: which, and its counts once collected
    report_files: list[str] = field(default_factory=list)  # JUnit, Allure results: as given
    _redactor: Redactor | None = field(default=None, repr=False)

    def header_lines(self) -> list[str]:
        opts = self.options
        lines = [
            f"oauth-harness: target {self.target.name} "
            f"({self.target.source}; from {opts.target.source})",
            f"oauth-harness: strict {'on' if opts.strict else 'off'}, evidence {opts.evidence}",
        ]
        if self.launched is not None:
            lines.append(f"oauth-harness: {self.launched.describe()}")
        if self.expected is not None:
            lines.append(
                f"oauth-harness: expected findings: {self.expected.source} "
                f"({len(self.expected.findings)} listed; from {opts.expected_findings.source})"
            )
        for role, client in self.target.clients.items():
            redirect = client.redirect
            lines.append(
                f"oauth-harness: redirect URI of {role}: {redirect.registered} "
                f"({redirect.describe()})"
            )
        if self.target.kind == "mock":
            shown = ", ".join(sorted(self.defects)) or "none"
            lines.append(f"oauth-harness: mock defects: {shown} (from {opts.mock_defects.source})")
            if self.mock_settings is not None:
                lines.append(
                    f"oauth-harness: mock settings: {self.mock_settings} "
                    f"(from {opts.mock_settings.source})"
                )
        if opts.selftest:
            lines.append("oauth-harness: selftest: each scenario runs with each defect it declares")
        lines.append(f"oauth-harness: browser: {describe_browser(opts.browser_endpoint)}")
        if self.shard is not None:
            lines.append(
                f"oauth-harness: {self.shard.line()} (from {opts.shard_source}): the scenarios "
                "dealt to it by a hash of their node ids; the other shards run the rest"
            )
        lines.append(f"oauth-harness: {self.clock_line()}")
        return lines + self.preflight_lines

    @property
    def clock_controlled(self) -> bool:
        """True when the harness moves the target's clock (the bundled mock): expiry scenarios
        then take no time; otherwise they wait on the wall clock and count as slow."""
        return self.target.kind == "mock" and self.target.capabilities.clock_control

    def clock_line(self) -> str:
        if self.clock_controlled:
            return "expiry waits: the harness moves the target's clock (no real waiting)"
        chosen = "selected" if self.options.run_slow else "deselected (--run-slow or -m slow)"
        return (
            f"expiry waits: on the wall clock, at most {self.options.max_wait_s:g} s per "
            f"scenario (--max-wait); those slow scenarios are {chosen}"
        )

    def keep_artifacts(self, item: pytest.Item, report: pytest.TestReport, failed: bool) -> None:
        """Browser artifacts of a failed scenario are published, scrubbed (see _artifacts)."""
        directory = Path(str(item.config.rootpath)) / self.reports_dir() / "browser-artifacts"
        self.artifacts.keep(
            item, report, failed=failed, redactor=self.redactor_for(item), directory=directory
        )

    def staging_dir(self) -> Path:
        return self.artifacts.staging_dir()

    def reports_dir(self) -> str:
        return self.options.summary_dir or "reports"

    def release(self) -> None:
        for listener in self.held:
            listener.stop()
        self.held = []
        self.artifacts.release()
        if self.launched is not None:
            self.launched.stop()
            self.launched = None

    def expected_finding(self, nodeid: str, outcome: str) -> ExpectedFinding | None:
        return self.expected.match(nodeid, outcome) if self.expected is not None else None

    def check_declared(self, nodeid: str, declared: Declared) -> None:
        unknown = [n for n in declared.needs if n not in _capability_names()]
        if unknown:
            raise MarkerError(f"{nodeid}: needs() names unknown capabilities {unknown}")
        try:
            parse_defects(",".join(declared.kills))
        except UnknownDefectError as exc:
            raise MarkerError(f"{nodeid}: kills(): {exc}") from None

    def applicable(self, declared: Declared) -> str | None:
        """None when the target can run the scenario, else the skip reason."""
        for need in declared.needs:
            if not getattr(self.target.capabilities, need, False):
                why = _WHY_NOT.get(need, f"lacks capability '{need}'")
                return f"target {self.target.name} {why}"
        return None

    def attach_evidence(
        self,
        item: pytest.Item,
        report: pytest.TestReport,
        evidence: Evidence | None,
        outcome: str | None,
    ) -> None:
        if evidence is None or self.options.evidence == "never" or not evidence.items:
            return
        if report.when != "call" and outcome not in ("error",):
            return
        text = evidence.render_text()
        curl = "\n".join(evidence.render_curl())
        report.sections.append(("evidence (redacted)", text))
        if curl:
            report.sections.append(("reproduce with", curl))
        if item.config.pluginmanager.hasplugin("allure_pytest"):
            allure.attach(text, "evidence (redacted)", allure.attachment_type.TEXT)
            if curl:
                allure.attach(curl, "reproduce with curl", allure.attachment_type.TEXT)

    def redactor_for(self, item: pytest.Item | None) -> Redactor:
        """The scenario's redactor (it knows what its exchanges carried); before the scenario
        has one, or outside any, one that knows the target file's secrets."""
        evidence = item.stash.get(EVIDENCE_KEY, None) if item is not None else None
        if evidence is not None:
            return evidence.redactor
        if self._redactor is None:
            self._redactor = Redactor(self.target.secrets())
        return self._redactor

    def collector(self) -> object:
        return _Collector(self)

    def summary_lines(self) -> list[str]:
        if self.options.selftest:
            return self._kill_lines()
        if not self.results.by_nodeid:
            return []
        lines = [
            "",
            f"OAuth conformance against {self.target.name}:",
            *area_table(self.results),
            "",
            *level_table(self.results),
        ]
        for _heading, block in self.comparisons():
            lines += ["", *block]
        # Shown even under -q (which hides the header): how the target was really driven.
        lines += ["", "Run details:", *(f"  {line}" for line in self.run_details())]
        lines += non_pass_lines(self.results.by_nodeid.values())  # warnings last
        return lines + self.report_lines()

    def report_lines(self) -> list[str]:
        """Where this run's reports are (the last lines before pytest's own closing line)."""
        written = []
        if self.options.summary_dir:
            written += [
                f"{self.options.summary_dir}/summary.md",
                f"{self.options.summary_dir}/summary.json",
            ]
        written += self.report_files
        if not written:
            return []
        return ["", "Reports: " + ", ".join(written)]

    def comparisons(self) -> list[tuple[str, list[str]]]:
        """(heading, lines) of each comparison this run makes: expected findings, baseline."""
        found: list[tuple[str, list[str]]] = []
        block = self.reconcile_expected()
        if block is not None:
            found.append(("Expected findings", expected_lines(block)))
        if self.baseline is not None:
            found.append(
                ("Compared with the baseline", comparison_lines(self.compare_baseline() or {}))
            )
        return found

    def compare_baseline(self) -> dict[str, Any] | None:
        if self.baseline is None:
            return None
        return compare(self.baseline, self.results.by_nodeid)

    def run_details(self) -> list[str]:
        """The redirect-URI forms, the launched server, the pre-flight, a mock settings file
        and how expiry waits (so deselected slow scenarios are never silent), one line each."""
        details = [line.removeprefix("oauth-harness: ") for line in self.header_lines()]
        wanted = (
            "redirect URI of",
            "launched",
            "pre-flight",
            "mock settings",
            "browser:",
            "expiry waits",
        )
        chosen = [line for line in details if line.startswith(wanted)]
        if self.partial_selection:
            chosen.append(
                "selection: part of the suite (-k, -m, --lf, --requirement, --shard, a file or a "
                "node id); the counts cover only what ran"
            )
        if self.shard is not None:
            chosen.append(f"selection: {self.shard.line()} (--shard)")
        return chosen

    def reconcile_expected(self) -> dict[str, Any] | None:
        """Which listed findings this run saw, which it did not, and the findings not listed."""
        if self.expected is None:
            return None
        return reconcile(self.expected, self.results.by_nodeid)

    def judged_defects(self) -> list[str]:
        """The defects the kill matrix answers for: all of them on a whole-suite run; on a
        selection (-k, -m, a file, a node id) only those its scenarios declare and ran."""
        if not self.partial_selection:
            return sorted(DEFECTS)
        return sorted({defect for _scenario, defect, _killed in self.matrix.runs})

    def _kill_lines(self) -> list[str]:
        runs = self.matrix.runs
        if not runs:
            return []
        judged = self.judged_defects()
        killed = sum(1 for _scenario, _defect, was_killed in runs if was_killed)
        caught = sum(1 for who in self.matrix.killed_by(judged).values() if who)
        scope = " (those the selected scenarios declare)" if self.partial_selection else ""
        lines = [
            "",
            f"Kill matrix: {killed} of {len(runs)} scenario runs failed with their mock defect "
            f"switched on, as they must; {caught} of {len(judged)} defects caught{scope}",
        ]
        lines += [f"  SURVIVED: {d} in {s}" for s, d, was_killed in sorted(runs) if not was_killed]
        lines += [f"  PROBLEM: {p}" for p in self.problems]
        if not self.problems and killed == len(runs):
            lines.append("  every defect caught, every scenario kills one")
        return lines

    def finish(self, rootpath: Path, *, interrupted: bool = False) -> list[str]:
        # An empty shard writes its summary too: the CI job's artifact says it ran nothing.
        ran = bool(self.results.by_nodeid) or self.shard is not None
        if self.options.summary_dir and ran and not self.options.selftest:
            extra: dict[str, Any] = {"details": self.run_details()}
            if self.shard is not None:
                extra["shard"] = self.shard.to_json()
            if interrupted:  # the counts look whole but are not
                extra["interrupted"] = True
                extra["details"].insert(0, "INTERRUPTED: the counts cover only what ran")
            block = self.reconcile_expected()
            if block is not None:
                extra["expected_findings"] = block
            if self.baseline is not None:
                extra["baseline"] = self.compare_baseline()
            write_summary(
                self.results, rootpath / self.options.summary_dir, extra, self.comparisons()
            )
        if self.options.selftest:
            judged = self.judged_defects()
            self.problems = self.matrix.problems(judged)
            directory = rootpath / self.reports_dir()
            self.matrix.write(directory / "selftest.json", judged)
        return self.problems


class _Collector:
    """Receives every phase report (from xdist workers too) and keeps the verdicts."""

    def __init__(self, session: HarnessSession) -> None:
        self.session = session

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        for name, value in report.user_properties:
            if name == RESULT_PROPERTY and isinstance(value, str):
                self.session.results.record(report.nodeid, ScenarioResult.from_json(value))
            elif name == _selftest.SELFTEST_PROPERTY and isinstance(value, dict):
                self.session.matrix.record(
                    str(value["scenario"]), str(value["defect"]), bool(value["killed"])
                )
