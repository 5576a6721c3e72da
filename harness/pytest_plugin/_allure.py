"""Everything allure-pytest writes goes through the running scenario's redactor first.

allure-pytest builds its results from sources the harness does not control: a failure's
``statusDetails.message`` is ``call.excinfo.exconly()`` (the raw exception, never the redacted
report), a failing fixture's details come from its own exception, parameters are ``repr()`` of
the raw values, and any code may call ``allure.attach``. Redacting each source would leave the
next one open, so the harness replaces the one writer all of them end in, allure-commons'
``AllureFileLogger``, with ``RedactingFileLogger``: results, containers, globals and
attachments are redacted in memory and only then written. Nothing reaches ``--alluredir``
another way; if the writer cannot be replaced (allure-pytest changed), the run stops rather
than write results in the clear.

Parameters are shown by their pytest ids (``wrong``, ``kill=code-reusable``), not by values
(a function's repr changes every run and a value may be a secret), and the history id is
computed from the ids, so it is stable from run to run.

The same writer presents each scenario the way a reviewer reads it (``View``, built from the
scenario's markers, docstring and verdict by ``Presenter``): the docstring's first sentence as
its title, epic = the RFC, feature = the area, story = each requirement id, severity from the
level the finding was judged at, a ``catalogue-N`` tag per catalogue case, a link per
requirement to its RFC section. A SHOULD warning stays ``passed`` (it is no harness error and
no failure) but carries the ``warning`` tag, its violation as the status message and in the
description.
"""

from __future__ import annotations

import contextlib
import html
import inspect
import os
import re
from collections.abc import Callable, Generator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import allure_commons
import attr
import pytest
from allure_commons.logger import AllureFileLogger
from allure_commons.model2 import Label, Link, StatusDetails, TestResult
from allure_commons.utils import md5

from harness.browser import is_image, scrub_trace, text_of
from harness.checks import ConformanceFailure
from harness.evidence import Redactor
from harness.pytest_plugin import _allure_run, _markers, _options, _reports, _verdicts
from harness.spec import Level, parse_ref, ref_url

if TYPE_CHECKING:
    from harness.pytest_plugin._session import HarnessSession

# Fields that name things rather than say them: redacting them could only break the links.
_IDENTIFIERS = frozenset({"uuid", "historyId", "testCaseId", "source", "type", "children"})
WITHHELD = "[attachment withheld: {size} bytes of binary data the redactor cannot read]"


SEVERITY = {Level.MUST: "critical", Level.SHOULD: "normal", Level.MAY: "minor"}
WARNING_TAG = "warning"
EXPECTED_TAG = "expected-finding"
TITLE_MAX = 160
WARNING_HEAD = "Passed, with findings below MUST level (a SHOULD warning fails only when strict):"


@dataclass(frozen=True)
class View:
    """How one scenario shows in Allure (see the module docstring). Texts are raw: the writer
    redacts them with everything else."""

    title: str
    labels: tuple[tuple[str, str], ...]  # (Allure label name, value)
    links: tuple[tuple[str, str], ...]  # (requirement id, its RFC section URL)
    doc: str  # the docstring, dedented
    warning: str | None = None  # a passed scenario's SHOULD violations (and MAY findings)
    failure: str | None = None  # a failed scenario's violations, without the exception's name


@dataclass(frozen=True)
class Scenario:
    """What the writer needs to know about the scenario whose results it is writing."""

    redactor: Redactor
    full_name: str | None = None  # Allure's fullName of the scenario; None outside one
    ids: dict[str, str] = field(default_factory=dict)  # parameter name -> its pytest id
    view: View | None = None  # how the scenario is presented; None for a test that is none


class RedactingFileLogger(AllureFileLogger):
    """allure-commons' writer, redacting with the running scenario's redactor (``scenario``
    says which) everything it is given before a byte of it is written."""

    def __init__(self, report_dir: Path, scenario: Callable[[], Scenario]) -> None:
        super().__init__(report_dir, clean=False)  # type: ignore[no-untyped-call]
        self._scenario = scenario

    def _report_item(self, item: Any) -> None:
        scenario = self._scenario()
        if isinstance(item, TestResult) and item.fullName == scenario.full_name:
            _show_ids(item, scenario.ids)
            if scenario.view is not None:
                _present(item, scenario.view, scenario.redactor)
        _redact_model(item, scenario.redactor)
        super()._report_item(item)  # type: ignore[no-untyped-call]

    @allure_commons.hookimpl
    def report_attached_file(self, source: str, file_name: str) -> None:
        self.report_attached_data(Path(source).read_bytes(), file_name)

    @allure_commons.hookimpl
    def report_attached_data(self, body: str | bytes, file_name: str) -> None:
        clean = clean_attachment(body, self._scenario().redactor)
        super().report_attached_data(clean, file_name)  # type: ignore[no-untyped-call]


def clean_attachment(body: str | bytes, redactor: Redactor) -> bytes:
    """Text redacted, a zip scrubbed like a browser trace, an image as it is; anything else
    cannot be read for secrets and is replaced by a line saying so."""
    if isinstance(body, str):
        return redactor.redact(body).encode("utf-8")
    if is_image(body):
        return body
    if body.startswith(b"PK\x03\x04"):
        try:
            return scrub_trace(body, redactor)
        except Exception:  # whatever makes it unreadable, it is not written
            return WITHHELD.format(size=len(body)).encode("utf-8")
    text = text_of(body)
    if text is None:
        return WITHHELD.format(size=len(body)).encode("utf-8")
    return redactor.redact(text).encode("utf-8")


def _redact_model(node: Any, redactor: Redactor) -> None:
    """Every string of an Allure model object (and of the objects it holds), redacted in place."""
    if not attr.has(type(node)):
        return
    for attribute in attr.fields(type(node)):
        name = attribute.name
        if name in _IDENTIFIERS:
            continue
        value = getattr(node, name)
        if isinstance(value, str) and name == "trace":  # a traceback: its source lines as written
            setattr(node, name, _verdicts.redact_traceback(value, redactor))
        elif isinstance(value, str):
            setattr(node, name, redactor.redact(value))
        elif isinstance(value, list):
            setattr(node, name, [_redacted(v, redactor) for v in value])
        else:
            _redact_model(value, redactor)


def _redacted(value: Any, redactor: Redactor) -> Any:
    if isinstance(value, str):
        return redactor.redact(value)
    _redact_model(value, redactor)
    return value


def _show_ids(result: Any, ids: dict[str, str]) -> None:
    for parameter in result.parameters:
        if parameter.name in ids:
            parameter.value = ids[parameter.name]
    shown = sorted((p for p in result.parameters if not p.excluded), key=lambda p: p.name)
    result.historyId = md5(result.fullName, *(p.value for p in shown))  # type: ignore[no-untyped-call]


def _present(result: Any, view: View, redactor: Redactor) -> None:
    """Title, labels, links and description of ``view`` onto the result; a warning's violation
    as the status message of a passed result, a failure's violations as its message."""
    result.name = view.title
    shown = {name for name, _ in view.labels}
    result.labels = [
        label for label in result.labels if not (label.name == "severity" and "severity" in shown)
    ]
    result.labels += [Label(name=name, value=value) for name, value in view.labels]
    result.links += [Link(type="link", url=url, name=ref) for ref, url in view.links]
    result.description = view.doc
    parts = [f"<p>{html.escape(redactor.redact(p))}</p>" for p in view.doc.split("\n\n") if p]
    if view.warning is not None:
        if result.status == "passed":
            result.statusDetails = StatusDetails(message=view.warning)
        result.description += f"\n\n{WARNING_HEAD}\n{view.warning}"
        parts.append(f"<p><strong>{html.escape(WARNING_HEAD)}</strong></p>")
        parts.append(f"<pre>{html.escape(redactor.redact(view.warning))}</pre>")
    if view.failure is not None and result.status == "failed" and result.statusDetails:
        result.statusDetails.message = view.failure
    result.descriptionHtml = "\n".join(parts)


def view_of(item: pytest.Item, verdict: dict[str, Any] | None, call: pytest.CallInfo[None]) -> View:
    """The View of a scenario from its markers, docstring and (when judged) its verdict: the
    harness's result property (``outcome``, ``expected``) and the call's exception and
    warnings, which say at which level a finding was judged."""
    declared = _markers.declared(item)
    level = declared.level
    record = item.stash.get(_verdicts.CALL_KEY, None)
    warnings = list(record.warnings) if record is not None else []
    findings = list(record.findings) if record is not None else []
    exc = call.excinfo.value if call.excinfo is not None else None
    outcome = verdict.get("outcome") if verdict is not None else None
    failure = None
    if isinstance(exc, ConformanceFailure):
        level, failure = exc.level, str(exc)
    elif warnings and outcome == "warning":
        level = min((w.level for w in warnings), key=lambda one: one.rank)
    notes = [str(w) for w in warnings if outcome == "warning"] + [str(f) for f in findings]
    rfcs = dict.fromkeys(f"RFC {parse_ref(ref)[0]}" for ref in declared.requirements)
    labels = [
        *(("epic", rfc) for rfc in rfcs),
        ("feature", _reports.area_of(item.nodeid)),
        *(("story", ref) for ref in declared.requirements),
        ("severity", SEVERITY[level]),
        *(("tag", f"catalogue-{number}") for number in declared.catalogue),
    ]
    if outcome == "warning":
        labels.append(("tag", WARNING_TAG))
    if verdict is not None and verdict.get("expected"):
        labels.append(("tag", EXPECTED_TAG))
    function = getattr(item, "function", None)
    doc = inspect.cleandoc(getattr(function, "__doc__", None) or "")
    callspec = getattr(item, "callspec", None)
    title = title_of(doc, item.name)  # pytest's name holds the parameter ids already
    if callspec is not None and doc:
        title = f"{title} [{callspec.id}]"
    return View(
        title=title,
        labels=tuple(labels),
        links=tuple((ref, ref_url(ref)) for ref in declared.requirements),
        doc=doc,
        warning="\n".join(notes) or None,
        failure=failure,
    )


_SENTENCE_END = re.compile(r"(?<=[\w)\]\"”])[.!?][\"”]?(?=\s|$)")
_NOT_AN_END = ("e.g.", "i.e.", "cf.", "etc.", "vs.")


def title_of(doc: str, name: str) -> str:
    """A title from a docstring: its first sentence on one line (an RFC quote the sentence cuts
    is closed), at most TITLE_MAX characters; ``name`` when there is no docstring."""
    text = " ".join(doc.split("\n\n", 1)[0].split())
    if not text:
        return name
    for end in _SENTENCE_END.finditer(text):
        if not text[: end.end()].endswith(_NOT_AN_END):
            text = text[: end.end()]
            break
    if len(text) > TITLE_MAX:
        text = text[: TITLE_MAX - 1].rsplit(" ", 1)[0] + "…"
    if text.count('"') % 2:
        text += '"'
    return text


VIEW_KEY = pytest.StashKey[View]()


class Presenter:
    """Builds each scenario's View once its verdict is known (after the harness's own report
    hook, which records the verdict); the writer applies it (``Scenario.view``). At the end of
    the run the controller writes the run's environment, executor and categories (see
    ``_allure_run``) into ``--alluredir``."""

    def __init__(self, session: HarnessSession) -> None:
        self._session = session

    @pytest.hookimpl(trylast=True)
    def pytest_sessionfinish(self, session: pytest.Session) -> None:
        config = session.config
        report_dir = getattr(config.option, "allure_report_dir", None)
        if not report_dir or hasattr(config, "workerinput"):
            return
        harness = self._session
        root = Path(str(config.rootpath))
        rows = _allure_run.environment(
            harness.target,
            harness.options,
            _options.given_settings(config),
            defects=harness.defects,
            root=root,
            environ=os.environ,
        )
        executor = _allure_run.executor(os.environ, harness.target)
        directory = Path(os.path.abspath(report_dir))
        _allure_run.write(directory, rows, executor, harness.redactor_for(None))

    @pytest.hookimpl(wrapper=True, tryfirst=True)
    def pytest_runtest_makereport(
        self, item: pytest.Item, call: pytest.CallInfo[None]
    ) -> Generator[None, pytest.TestReport, pytest.TestReport]:
        report = yield
        verdict = next(
            (
                _verdicts.ScenarioResult.from_json(value)
                for name, value in report.user_properties
                if name == _verdicts.RESULT_PROPERTY and isinstance(value, str)
            ),
            None,
        )
        if verdict is not None or (VIEW_KEY not in item.stash and _is_scenario(item)):
            # A malformed marker errors the scenario with its problem; Allure shows that plainly.
            with contextlib.suppress(_markers.MarkerError):
                item.stash[VIEW_KEY] = view_of(item, verdict, call)
        return report


def _is_scenario(item: pytest.Item) -> bool:
    return item.get_closest_marker("requirement") is not None


def install(config: pytest.Config, scenario: Callable[[], Scenario]) -> None:
    """Put RedactingFileLogger in place of allure-pytest's writer for ``--alluredir``."""
    report_dir = getattr(config.option, "allure_report_dir", None)
    if not report_dir:
        return
    directory = Path(os.path.abspath(report_dir))
    manager = allure_commons.plugin_manager
    for plugin in list(manager.get_plugins()):
        if type(plugin) is AllureFileLogger and getattr(plugin, "_report_dir", None) == directory:
            _replace(config, plugin, RedactingFileLogger(directory, scenario))
            return
    raise pytest.UsageError(
        f"--alluredir={report_dir}: allure-pytest's result writer was not found, so its output "
        "could not be redacted; refusing to write Allure results (is allure-pytest 2.x installed?)"
    )


def _replace(config: pytest.Config, original: object, replacement: RedactingFileLogger) -> None:
    manager = allure_commons.plugin_manager
    manager.unregister(original)
    manager.register(replacement)

    def restore() -> None:
        # allure-pytest's own cleanup (added before this one, so run after it) unregisters
        # its writer by the plugin object: it must be registered again by then.
        manager.unregister(replacement)
        manager.register(original)

    config.add_cleanup(restore)


def full_name(item: pytest.Item) -> str:
    from allure_pytest.utils import allure_full_name

    name: str = allure_full_name(item)
    return name


class ParameterIds:
    """Which parameters each parametrize call of a test function named, in call order.

    pytest keeps one id per call (``callspec._idlist``, joined with ``-`` in the test's name);
    with the names of each call's parameters, every parameter gets the id of the call that set
    it. Where the two cannot be matched (a hidden id), every parameter shows the whole id."""

    def __init__(self) -> None:
        self._calls: dict[str, list[tuple[str, ...]]] = {}

    @pytest.hookimpl(wrapper=True, tryfirst=True)
    def pytest_generate_tests(self, metafunc: pytest.Metafunc) -> Generator[None, None, None]:
        calls: list[tuple[str, ...]] = []
        original = metafunc.parametrize

        def parametrize(argnames: str | Sequence[str], *args: Any, **kwargs: Any) -> None:
            calls.append(_names(argnames))
            original(argnames, *args, **kwargs)

        metafunc.parametrize = parametrize  # type: ignore[method-assign]
        try:
            return (yield)
        finally:
            del metafunc.parametrize
            if calls:
                self._calls[metafunc.definition.nodeid] = calls

    def of(self, item: pytest.Item) -> dict[str, str]:
        callspec = getattr(item, "callspec", None)
        if callspec is None:
            return {}
        whole = str(callspec.id)
        ids = [str(i) for i in getattr(callspec, "_idlist", ())]
        parent = item.parent.nodeid if item.parent is not None else ""
        calls = self._calls.get(f"{parent}::{getattr(item, 'originalname', item.name)}", [])
        named: dict[str, str] = {}
        if len(calls) == len(ids):
            named = {name: one for names, one in zip(calls, ids, strict=True) for name in names}
        return {name: named.get(name, whole) for name in callspec.params}


def _names(argnames: str | Sequence[str]) -> tuple[str, ...]:
    if isinstance(argnames, str):
        return tuple(name.strip() for name in argnames.split(",") if name.strip())
    return tuple(str(name) for name in argnames)
