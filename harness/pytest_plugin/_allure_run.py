"""What Allure shows about the run as a whole, written into ``--alluredir`` by the controller
when the run ends: ``environment.properties`` (the target, the harness's version and commit,
and every option with where it came from), ``executor.json`` (the CI job, when there is one)
and ``categories.json`` (failures, harness errors and SHOULD warnings as Allure categories).

Every value goes through the redactor that knows the target file's secrets before it is
written, like everything else under ``--alluredir``.
"""

from __future__ import annotations

import json
import subprocess
from collections.abc import Mapping
from importlib import metadata
from pathlib import Path
from typing import Any

from harness.evidence import Redactor
from harness.pytest_plugin._options import HarnessOptions, Setting
from harness.targets import Target

GIT_TIMEOUT_S = 5.0

# Allure's Categories tab: the first category whose statuses and regexes match takes a result.
CATEGORIES: list[dict[str, Any]] = [
    {
        "name": "Conformance failures (the server broke a requirement)",
        "matchedStatuses": ["failed"],
        "messageRegex": r"(?s).*violations? of \w+-level requirements.*",
    },
    {
        "name": "SHOULD-level warnings (passed, with the warning tag)",
        "matchedStatuses": ["passed"],
        "messageRegex": r"(?s).*violations? of SHOULD-level requirements.*",
    },
    {
        "name": "MAY-level findings (passed, recorded)",
        "matchedStatuses": ["passed"],
        "messageRegex": r"(?s).*violations? of MAY-level requirements.*",
    },
    {
        "name": "Harness errors (a precondition or the harness broke: no verdict)",
        "matchedStatuses": ["broken"],
    },
    {"name": "Other failures", "matchedStatuses": ["failed"]},
]


def environment(
    target: Target,
    options: HarnessOptions,
    given: list[tuple[str, Setting]],
    *,
    defects: frozenset[str],
    root: Path,
    environ: Mapping[str, str],
) -> dict[str, str]:
    """The rows of Allure's Environment widget, in order: what was tested, with which harness,
    how (strict, evidence, defects), then every option as given and where it came from."""
    rows = {
        "target": target.name,
        "target.kind": target.kind,
        "target.file": _relative(target.source, root),
    }
    if target.kind != "mock":
        rows["target.issuer"] = target.endpoints.issuer
    rows["harness.version"] = _version()
    rows["git.commit"] = git_commit(root, environ)
    rows["strict"] = "on" if options.strict else "off"
    rows["evidence"] = options.evidence
    if target.kind == "mock":
        rows["mock.defects"] = ", ".join(sorted(defects)) or "none"
    for flag, setting in given:
        rows[f"option {flag}"] = f"{setting.value or '(empty)'} (from {setting.source})"
    if options.requirement_prefixes:
        rows["option --requirement"] = ", ".join(options.requirement_prefixes)
    if options.selftest:
        rows["option --selftest"] = "on"
    return rows


def executor(environ: Mapping[str, str], target: Target) -> dict[str, Any]:
    """Allure's executor.json: the CI job that ran the harness (GitHub Actions, GitLab CI,
    Jenkins, from their standard variables), else a local run."""
    report = f"OAuth 2.0 conformance: {target.name}"
    get = environ.get
    if get("GITHUB_RUN_ID"):
        server = get("GITHUB_SERVER_URL", "https://github.com")
        url = f"{server}/{get('GITHUB_REPOSITORY', '')}/actions/runs/{get('GITHUB_RUN_ID')}"
        found: dict[str, Any] = {
            "name": "GitHub Actions",
            "type": "github",
            "buildName": f"{get('GITHUB_WORKFLOW', 'workflow')} #{get('GITHUB_RUN_NUMBER', '?')}",
            "buildUrl": url,
            "buildOrder": get("GITHUB_RUN_NUMBER"),
        }
    elif get("GITLAB_CI") or get("CI_JOB_URL"):
        found = {
            "name": "GitLab CI",
            "type": "gitlab",
            "buildName": f"{get('CI_PROJECT_PATH', '')} {get('CI_JOB_NAME', 'job')} "
            f"#{get('CI_PIPELINE_IID', get('CI_JOB_ID', '?'))}".strip(),
            "buildUrl": get("CI_JOB_URL") or get("CI_PIPELINE_URL"),
            "buildOrder": get("CI_PIPELINE_IID") or get("CI_JOB_ID"),
        }
    elif get("BUILD_URL") or get("JENKINS_URL"):
        found = {
            "name": "Jenkins",
            "type": "jenkins",
            "buildName": get("BUILD_TAG")
            or f"{get('JOB_NAME', 'job')} #{get('BUILD_NUMBER', '?')}",
            "buildUrl": get("BUILD_URL"),
            "buildOrder": get("BUILD_NUMBER"),
        }
    else:
        found = {
            "name": "local run",
            "type": "local",
            "buildName": f"run against {target.name}",
        }
    found["reportName"] = report
    order = found.get("buildOrder")
    found["buildOrder"] = int(order) if isinstance(order, str) and order.isdecimal() else None
    return {key: value for key, value in found.items() if value not in (None, "")}


def write(
    directory: Path,
    rows: dict[str, str],
    executor_info: dict[str, Any],
    redactor: Redactor,
) -> None:
    """environment.properties, executor.json and categories.json into ``directory``, redacted."""
    directory.mkdir(parents=True, exist_ok=True)
    lines = [
        f"{_escape(redactor.redact(key), key=True)}={_escape(redactor.redact(value))}"
        for key, value in rows.items()
    ]
    (directory / "environment.properties").write_text("\n".join(lines) + "\n", encoding="ascii")
    clean = {
        key: redactor.redact(value) if isinstance(value, str) else value
        for key, value in executor_info.items()
    }
    (directory / "executor.json").write_text(json.dumps(clean, indent=2), encoding="utf-8")
    (directory / "categories.json").write_text(json.dumps(CATEGORIES, indent=2), encoding="utf-8")


def git_commit(root: Path, environ: Mapping[str, str]) -> str:
    """The commit the harness runs from (``+ uncommitted changes`` when the tree is dirty),
    else the CI's (GITHUB_SHA, CI_COMMIT_SHA, GIT_COMMIT), else ``unknown``."""
    try:
        commit = _git(root, "rev-parse", "HEAD")
        dirty = _git(root, "status", "--porcelain", "--untracked-files=no")
    except (OSError, subprocess.SubprocessError):
        commit, dirty = "", ""
    if commit:
        return f"{commit} + uncommitted changes" if dirty else commit
    for name in ("GITHUB_SHA", "CI_COMMIT_SHA", "GIT_COMMIT"):
        if environ.get(name):
            return environ[name]
    return "unknown"


def _git(root: Path, *args: str) -> str:
    done = subprocess.run(  # noqa: S603 - fixed arguments, no shell
        ["git", "-C", str(root), *args],  # noqa: S607 - git from PATH, as a developer runs it
        capture_output=True,
        text=True,
        timeout=GIT_TIMEOUT_S,
        check=True,
    )
    return done.stdout.strip()


def _version() -> str:
    try:
        return metadata.version("harness")
    except metadata.PackageNotFoundError:
        return "unknown (not installed)"


def _relative(path: Path, root: Path) -> str:
    try:
        return str(path.resolve().relative_to(root.resolve()))
    except ValueError:
        return str(path)


def _escape(text: str, *, key: bool = False) -> str:
    """A Java properties key or value: backslashes, line breaks, a leading space, and (in a
    key) spaces, ``=`` and ``:`` escaped; anything beyond ASCII as ``\\uXXXX``."""
    out = []
    for index, char in enumerate(text):
        if char == "\\":
            out.append("\\\\")
        elif char in "\n\r\t\f":
            out.append({"\n": "\\n", "\r": "\\r", "\t": "\\t", "\f": "\\f"}[char])
        elif (key and char in " =:") or (index == 0 and char in " #!"):
            out.append("\\" + char)
        elif ord(char) > 0x7E or ord(char) < 0x20:
            out.extend(f"\\u{unit:04x}" for unit in _utf16(char))
        else:
            out.append(char)
    return "".join(out)


def _utf16(char: str) -> list[int]:
    data = char.encode("utf-16-be")
    return [int.from_bytes(data[i : i + 2], "big") for i in range(0, len(data), 2)]
