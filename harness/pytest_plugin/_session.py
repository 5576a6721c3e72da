"""What one pytest run knows: options, the loaded target, and the verdicts collected so far."""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

import allure
import pytest

from harness.browser import (
    CallbackListener,
    PortInUseError,
    hold_fixed_ports,
    is_image,
    scrub_trace,
)
from harness.evidence import Evidence, Redactor
from harness.mock import DEFECTS, UnknownDefectError, parse_defects
from harness.pytest_plugin import _selftest
from harness.pytest_plugin._expected import (
    ExpectedFinding,
    ExpectedFindings,
    ExpectedFindingsError,
    load_expected,
)
from harness.pytest_plugin._markers import Declared, MarkerError
from harness.pytest_plugin._options import HarnessOptions
from harness.pytest_plugin._reports import Results, area_table, write_summary
from harness.pytest_plugin._verdicts import ARTIFACTS_KEY, EVIDENCE_KEY
from harness.targets import (
    Capabilities,
    Launched,
    Target,
    TargetError,
    launch,
    load_target,
    read_launch,
    resolve_target,
)

PREFLIGHT_FAILED = 6  # exit code: the target is down or misconfigured (one line on stderr)


def _capability_names() -> frozenset[str]:
    return frozenset(f.name for f in fields(Capabilities))


# Skip reasons for capabilities that are not a plain yes/no the target file writes.
_WHY_NOT = {
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
    current: pytest.Item | None = None  # the scenario running (or last run) in this process
    _redactor: Redactor | None = field(default=None, repr=False)
    _staging: Path | None = field(default=None, repr=False)

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
        if opts.selftest:
            lines.append("oauth-harness: selftest: each scenario runs with each defect it declares")
        return lines + self.preflight_lines

    def hold_redirect_ports(self) -> None:
        """Hold each fixed loopback redirect-URI port for the run (a usage error if taken)."""
        try:
            self.held = hold_fixed_ports(c.redirect for c in self.target.clients.values())
        except PortInUseError as exc:
            raise pytest.UsageError(f"{self.target.source}: {exc}") from None

    def preflight(self) -> None:
        """Check a remote target end to end before any scenario; a problem ends the run with
        one line and exit code PREFLIGHT_FAILED (the bundled mock is started by the harness)."""
        if self.options.preflight == "off" or self.target.kind == "mock":
            return
        from harness.browser import BrowserSession  # Playwright loads only when needed
        from harness.client import PreflightError, browser_hosts, run_preflight

        browser: BrowserSession | None = None

        def launched() -> BrowserSession:
            nonlocal browser
            if browser is None:
                browser = BrowserSession.launch(allowed_hosts=browser_hosts(self.target))
            return browser

        try:
            report = run_preflight(self.target, launched)
        except PreflightError as exc:
            pytest.exit(str(exc), returncode=PREFLIGHT_FAILED)
        finally:
            if browser is not None:
                browser.close()
        self.preflight_lines = [
            f"oauth-harness: pre-flight passed in {report.elapsed_s:.1f} s: "
            + "; ".join(report.steps)
        ]

    def release(self) -> None:
        for listener in self.held:
            listener.stop()
        self.held = []
        if self._staging is not None:
            shutil.rmtree(self._staging, ignore_errors=True)
            self._staging = None
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

    def keep_artifacts(self, item: pytest.Item, report: pytest.TestReport, failed: bool) -> None:
        """Browser traces and screenshots are staged outside the reports; those of a failed
        scenario are published to ``browser-artifacts/`` (and Allure) scrubbed by the scenario's
        redactor, the rest deleted. A trace in the clear never lands under the reports."""
        kept = item.stash.get(ARTIFACTS_KEY, None)
        if not kept or report.when != "call":
            return
        try:
            if failed:
                published = self._publish(kept, self.redactor_for(item), item.config)
                if published:
                    report.sections.append(
                        ("browser artifacts", "\n".join(str(p) for p in published))
                    )
        finally:
            for path in kept:
                path.unlink(missing_ok=True)

    def _publish(self, staged: list[Path], redactor: Redactor, config: pytest.Config) -> list[Path]:
        directory = self.artifacts_dir(Path(str(config.rootpath)))
        directory.mkdir(parents=True, exist_ok=True)
        published: list[Path] = []
        for path in staged:
            data = _publishable(path, redactor) if path.is_file() else None
            if data is not None:
                (directory / path.name).write_bytes(data)
                published.append(directory / path.name)
        if config.pluginmanager.hasplugin("allure_pytest"):
            for path in published:
                kind = allure.attachment_type.PNG if path.suffix == ".png" else None
                allure.attach.file(  # type: ignore[no-untyped-call]
                    str(path), name=path.name, attachment_type=kind, extension=path.suffix[1:]
                )
        return published

    def artifacts_dir(self, rootpath: Path) -> Path:
        """Where the browser artifacts of failed scenarios are published."""
        return rootpath / (self.options.summary_dir or "reports") / "browser-artifacts"

    def staging_dir(self) -> Path:
        """Where the browser writes its traces and screenshots (this process's, removed at the
        end): outside the reports, since they hold secrets until scrubbed."""
        if self._staging is None:
            self._staging = Path(tempfile.mkdtemp(prefix="harness-browser-artifacts-"))
        return self._staging

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
        lines = ["", f"OAuth conformance against {self.target.name}:", *area_table(self.results)]
        return lines + self._expected_lines()

    def reconcile_expected(self) -> dict[str, Any] | None:
        """Which listed findings this run saw, which it did not, and the findings not listed."""
        if self.expected is None:
            return None
        results = self.results.by_nodeid
        matched = sorted(node for node, r in results.items() if r.get("expected"))
        self.expected.seen = set(matched)
        gone = self.expected.no_longer_seen(set(results))
        new = sorted(
            node
            for node, r in results.items()
            if r["outcome"] in ("failed", "warning") and not r.get("expected")
        )
        return {
            "file": str(self.expected.source),
            "matched": matched,
            "new": new,
            "no_longer_seen": [
                {"scenario": f.scenario, "outcome": f.outcome, "behaviour": f.behaviour}
                for f in gone
            ],
        }

    def _expected_lines(self) -> list[str]:
        block = self.reconcile_expected()
        if block is None:
            return []
        lines = [
            f"Expected findings ({block['file']}): {len(block['matched'])} seen as listed, "
            f"{len(block['new'])} new, {len(block['no_longer_seen'])} listed but not seen"
        ]
        lines += [f"  NEW: {node}" for node in block["new"]]
        lines += [
            f"  NO LONGER SEEN ({f['outcome']}): {f['scenario']}" for f in block["no_longer_seen"]
        ]
        return lines

    def _kill_lines(self) -> list[str]:
        runs = self.matrix.runs
        if not runs:
            return []
        killed = sum(1 for _scenario, _defect, was_killed in runs if was_killed)
        caught = sum(1 for who in self.matrix.killed_by(DEFECTS).values() if who)
        lines = [
            "",
            f"Kill matrix: {killed} of {len(runs)} scenario runs with a defect on failed as they "
            f"must; {caught} of {len(DEFECTS)} defects caught",
        ]
        lines += [f"  SURVIVED: {d} in {s}" for s, d, was_killed in sorted(runs) if not was_killed]
        lines += [f"  PROBLEM: {p}" for p in self.problems]
        if not self.problems and killed == len(runs):
            lines.append("  every defect caught, every scenario kills one")
        return lines

    def finish(self, rootpath: Path) -> list[str]:
        if self.options.summary_dir and self.results.by_nodeid and not self.options.selftest:
            block = self.reconcile_expected()
            extra = {"expected_findings": block} if block is not None else {}
            write_summary(self.results, rootpath / self.options.summary_dir, extra)
        if self.options.selftest:
            self.problems = self.matrix.problems(DEFECTS)
            directory = rootpath / (self.options.summary_dir or "reports")
            self.matrix.write(directory / "selftest.json", DEFECTS)
        return self.problems


def _publishable(path: Path, redactor: Redactor) -> bytes | None:
    """A trace scrubbed, a screenshot as it is (a typed password shows only as bullets), or
    None: a file that cannot be read for secrets is not published."""
    data = path.read_bytes()
    if path.suffix == ".zip":
        try:
            return scrub_trace(data, redactor)
        except Exception:  # not a zip, or a damaged one: it cannot be scrubbed
            return None
    return data if is_image(data) else None


class _Collector:
    """Receives every phase report (from xdist workers too) and keeps the verdicts."""

    def __init__(self, session: HarnessSession) -> None:
        self.session = session

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        for name, value in report.user_properties:
            if name == "harness" and isinstance(value, dict):
                self.session.results.record(report.nodeid, _result(value))
            elif name == _selftest.SELFTEST_PROPERTY and isinstance(value, dict):
                self.session.matrix.record(
                    str(value["scenario"]), str(value["defect"]), bool(value["killed"])
                )


def _result(value: dict[str, Any]) -> dict[str, Any]:
    keys = ("outcome", "message", "requirements", "catalogue", "level")
    result = {key: value[key] for key in keys}
    if value.get("expected"):
        result["expected"] = value["expected"]
    return result


def load_session(config: pytest.Config, options: HarnessOptions) -> HarnessSession:
    """Load the target and the defects; a bad one stops the run with one line (usage error).

    The controller starts the target's ``[launch]`` server first: the variables it announces
    fill the file's references, and xdist workers inherit them with the environment."""
    root = Path(str(config.rootpath))
    launched: Launched | None = None
    try:
        path = resolve_target(options.target.value, root / options.targets_dir)
        spec = None if hasattr(config, "workerinput") else read_launch(path)
        if spec is not None:
            launched = launch(spec, root)
            os.environ.update(launched.env)
        target = load_target(path, os.environ)
    except TargetError as exc:
        if launched is not None:
            launched.stop()
        raise pytest.UsageError(str(exc)) from None
    try:
        session = _checked_session(options, target, launched)
        session.expected = _expected_findings(options, target, root)
        return session
    except pytest.UsageError:
        if launched is not None:
            launched.stop()
        raise


def _expected_findings(
    options: HarnessOptions, target: Target, root: Path
) -> ExpectedFindings | None:
    """The expected-findings file the options name (auto: beside the target file, if any)."""
    setting = options.expected_findings
    if setting.value == "none" or options.selftest:
        return None
    if setting.value == "auto":
        path = target.source.with_name(f"{target.source.stem}.expected.toml")
        if not path.is_file():
            return None
    else:
        path = Path(setting.value)
        path = path if path.is_absolute() else root / path
    try:
        return load_expected(path)
    except ExpectedFindingsError as exc:
        raise pytest.UsageError(f"{exc} (from {setting.source})") from None


def _checked_session(
    options: HarnessOptions, target: Target, launched: Launched | None
) -> HarnessSession:
    try:
        defects = parse_defects(options.mock_defects.value)
    except UnknownDefectError as exc:
        raise pytest.UsageError(f"{options.mock_defects.source}: {exc}") from None
    if defects and target.kind != "mock":
        raise pytest.UsageError(f"mock defects were given but target {target.name} is not the mock")
    if options.browser_artifacts == "on" and target.kind != "mock":
        raise pytest.UsageError(
            f"--browser-artifacts=on is refused for live target {target.name}: "
            "traces hold token responses"
        )
    if options.selftest and target.kind != "mock":
        raise pytest.UsageError(f"--selftest runs against the mock only, not target {target.name}")
    return HarnessSession(options, target, defects, Results(target=target.name), launched=launched)
