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
"""

from __future__ import annotations

import os
from collections.abc import Callable, Generator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import allure_commons
import attr
import pytest
from allure_commons.logger import AllureFileLogger
from allure_commons.model2 import TestResult
from allure_commons.utils import md5

from harness.browser import is_image, scrub_trace, text_of
from harness.evidence import Redactor

# Fields that name things rather than say them: redacting them could only break the links.
_IDENTIFIERS = frozenset({"uuid", "historyId", "testCaseId", "source", "type", "children"})
WITHHELD = "[attachment withheld: {size} bytes of binary data the redactor cannot read]"


@dataclass(frozen=True)
class Scenario:
    """What the writer needs to know about the scenario whose results it is writing."""

    redactor: Redactor
    full_name: str | None = None  # Allure's fullName of the scenario; None outside one
    ids: dict[str, str] = field(default_factory=dict)  # parameter name -> its pytest id


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
        if isinstance(value, str):
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
