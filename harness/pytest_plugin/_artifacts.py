"""Browser traces and screenshots: staged outside the reports, published scrubbed on failure.

A trace holds what the browser saw (the typed password, codes, token responses), so the browser
writes it to a private staging folder; only a failed scenario's are published to
``browser-artifacts/`` (and Allure), scrubbed by the scenario's redactor, and the rest are
deleted. A trace in the clear never lands under the reports, even if the run is interrupted.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Any

import allure
import pytest

from harness.browser import is_image, scrub_trace
from harness.evidence import Redactor
from harness.pytest_plugin._verdicts import ARTIFACTS_KEY


class BrowserArtifacts:
    """This process's staging folder, and the publishing of a failed scenario's artifacts."""

    def __init__(self) -> None:
        self._staging: Path | None = None

    def staging_dir(self) -> Path:
        """Where the browser writes its traces and screenshots (removed by ``release``)."""
        if self._staging is None:
            self._staging = Path(tempfile.mkdtemp(prefix="harness-browser-artifacts-"))
        return self._staging

    def keep(
        self,
        item: pytest.Item,
        report: pytest.TestReport,
        *,
        failed: bool,
        redactor: Redactor,
        directory: Path,
    ) -> None:
        """Publish the scenario's staged artifacts to ``directory`` if it failed; delete them."""
        kept = item.stash.get(ARTIFACTS_KEY, None)
        if not kept or report.when != "call":
            return
        try:
            if failed:
                published = _publish(kept, redactor, directory, item.config)
                if published:
                    report.sections.append(
                        ("browser artifacts", "\n".join(str(p) for p in published))
                    )
        finally:
            for path in kept:
                path.unlink(missing_ok=True)

    def release(self) -> None:
        if self._staging is not None:
            shutil.rmtree(self._staging, ignore_errors=True)
            self._staging = None


def _publish(
    staged: list[Path], redactor: Redactor, directory: Path, config: pytest.Config
) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    published: list[Path] = []
    for path in staged:
        data = _publishable(path, redactor) if path.is_file() else None
        if data is not None:
            (directory / path.name).write_bytes(data)
            published.append(directory / path.name)
    if config.pluginmanager.hasplugin("allure_pytest"):
        for path in published:
            name, kind = _attachment(path)
            allure.attach.file(  # type: ignore[no-untyped-call]
                str(path), name=name, attachment_type=kind, extension=path.suffix[1:]
            )
    return published


def _attachment(path: Path) -> tuple[str, Any]:
    """The Allure name and type of a published artifact: a screenshot shows inline, a trace
    says how to open it."""
    if path.suffix == ".png":
        return f"screenshot {path.name}", allure.attachment_type.PNG
    return f"Playwright trace {path.name} (open with: playwright show-trace)", "application/zip"


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
