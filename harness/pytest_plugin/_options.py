"""The plugin's options, resolved CLI > environment > ini > default, each with its source."""

from __future__ import annotations

import os
from dataclasses import dataclass

import pytest

from harness.attacks import budget_override
from harness.browser import EndpointError, parse_endpoint, shown_endpoint
from harness.pytest_plugin._shards import Shard, parse_shard

GROUP = "oauth-harness"

# (option dest, CLI flag, environment variable, ini name, default, help)
_SPECS: tuple[tuple[str, str, str, str, str, str], ...] = (
    ("target", "--target", "HARNESS_TARGET", "harness_target", "mock",
     "target to test: mock, taskade, dot, or a path to a target file (TOML)"),
    ("strict", "--strict-conformance", "HARNESS_STRICT", "harness_strict", "0",
     "treat SHOULD-level warnings as failures (1/0)"),
    ("evidence", "--evidence", "HARNESS_EVIDENCE", "harness_evidence", "on-failure",
     "when to attach redacted evidence to the report: on-failure, always, never"),
    ("mock_defects", "--mock-defects", "HARNESS_MOCK_DEFECTS", "harness_mock_defects", "",
     "comma-separated mock defects to switch on for the whole run (mock targets only)"),
    ("mock_settings", "--mock-settings", "HARNESS_MOCK_SETTINGS", "harness_mock_settings", "",
     "a mock settings file (TOML; keys in harness/mock/_settings.py, e.g. grant_types) layered "
     "over what the target file implies (mock targets only)"),
    ("summary_dir", "--summary-dir", "HARNESS_SUMMARY_DIR", "harness_summary_dir", "",
     "write summary.json and summary.md into this directory"),
    ("baseline", "--baseline", "HARNESS_BASELINE", "harness_baseline", "",
     "an earlier run's summary.json: the end of the run and summary.md say which findings are "
     "new, fixed or still failing (a report only: the exit code is unchanged)"),
    ("targets_dir", "--targets-dir", "HARNESS_TARGETS_DIR", "harness_targets_dir",
     "fixtures/targets",
     "where target names (mock, taskade, …) are looked up"),
    ("preflight", "--preflight", "HARNESS_PREFLIGHT", "harness_preflight", "on",
     "check the target end to end before any scenario and stop the run with one line if it is "
     "down or misconfigured: on, off (the bundled mock, started by the harness, needs none)"),
    ("expected_findings", "--expected-findings", "HARNESS_EXPECTED_FINDINGS",
     "harness_expected_findings", "auto",
     "a file of the target's known findings (docs/expected-findings.md): listed failures do not "
     "fail the run; auto: <target file>.expected.toml beside the target file if there is one; "
     "none: no file"),
    ("browser_artifacts", "--browser-artifacts", "HARNESS_BROWSER_ARTIFACTS",
     "harness_browser_artifacts", "off",
     "keep a Playwright trace and screenshot of every authorization and attach them to failed "
     "scenarios: on, off (refused for live targets: traces hold token responses)"),
    ("max_wait", "--max-wait", "HARNESS_MAX_WAIT", "harness_max_wait", "900",
     "the longest one expiry scenario may wait on the wall clock, in seconds, against a target "
     "whose clock cannot be moved (a scenario needing longer is skipped, naming this option)"),
    ("run_slow", "--run-slow", "HARNESS_RUN_SLOW", "harness_run_slow", "0",
     "run the slow scenarios (expiry waits on the wall clock), deselected by default; a flag "
     "(the environment and ini take 1/0), and -m slow selects them too"),
    ("browser_endpoint", "--browser-endpoint", "HARNESS_BROWSER_ENDPOINT",
     "harness_browser_endpoint", "",
     "drive a remote browser: the ws:// or wss:// endpoint of a Playwright browser server (python "
     "-m harness.browser.serve starts one) instead of launching a local Chromium; a token in its "
     "query is never shown"),
    ("shard", "--shard", "HARNESS_SHARD", "harness_shard", "",
     "run only shard K of N (K/N, 1 <= K <= N <= 1000): the N shards split the selected "
     "scenarios by a stable hash of their node ids and together run each exactly once"),
)  # fmt: skip

# Old environment names still read (after the new one), the source saying so.
_DEPRECATED_ENV = {"mock_defects": "MOCK_DEFECTS"}

_EVIDENCE_MODES = ("on-failure", "always", "never")
_PREFLIGHT_MODES = ("on", "off")
_TRUE = ("1", "true", "yes", "on")
_FLAGS = (*_TRUE, "0", "false", "no", "off")
_ARTIFACT_MODES = ("off", "on")


@dataclass(frozen=True)
class Setting:
    value: str
    source: str  # "command line", "environment HARNESS_TARGET", "pytest.ini", "default"


@dataclass(frozen=True)
class HarnessOptions:
    target: Setting
    strict: bool
    evidence: str
    mock_defects: Setting
    mock_settings: Setting
    summary_dir: str
    baseline: Setting
    targets_dir: str
    browser_artifacts: str
    preflight: str
    expected_findings: Setting
    requirement_prefixes: tuple[str, ...]
    selftest: bool
    max_wait_s: float = 900.0
    run_slow: bool = False
    browser_endpoint: str = ""  # a Playwright browser server to connect to; "" launches Chromium
    shard: Shard | None = None  # --shard K/N; None: the whole selection
    shard_source: str = "default"  # where --shard came from


def add_options(parser: pytest.Parser) -> None:
    group = parser.getgroup(GROUP, "OAuth 2.0 conformance harness")
    for dest, flag, env, ini, default, text in _SPECS:
        # A flag, never taking the next argument (a test path) as its value.
        flag_alone = {"action": "store_const", "const": "1"} if dest == "run_slow" else {}
        group.addoption(
            flag,
            dest=dest,
            default=None,
            help=f"{text} (env {env}; default {default!r})",
            **flag_alone,
        )
        parser.addini(ini, f"{text} (default {default!r})", default=default)
    group.addoption(
        "--requirement",
        dest="requirement_prefixes",
        action="append",
        default=[],
        metavar="PREFIX",
        help="run only scenarios citing a requirement starting with PREFIX "
        "(e.g. RFC7636, RFC6749-4.1); repeatable",
    )
    group.addoption(
        "--selftest",
        action="store_true",
        default=False,
        help="run each scenario with each mock defect it declares (kills) and expect it to fail",
    )


def _resolve(config: pytest.Config, dest: str, env: str, ini: str, default: str) -> Setting:
    cli = config.getoption(dest)
    if cli is not None:
        return Setting(str(cli), "command line")
    if os.environ.get(env):
        return Setting(os.environ[env], f"environment {env}")
    old = _DEPRECATED_ENV.get(dest)
    if old is not None and os.environ.get(old):
        return Setting(os.environ[old], f"environment {old} (deprecated: use {env})")
    ini_value = str(config.getini(ini))
    if ini_value != default:
        return Setting(ini_value, "ini file")
    return Setting(default, "default")


def summary_dir_of(config: pytest.Config) -> str:
    """The summary directory alone, resolved before (and whether or not) the rest is valid:
    a run that stops on a bad option still replaces the last run's summary with its error."""
    return _single(config, "summary_dir")


def target_of(config: pytest.Config) -> str:
    """The target as given (name or path), for a run that stopped before loading it."""
    return _single(config, "target")


def _single(config: pytest.Config, wanted: str) -> str:
    for dest, _flag, env, ini, default, _help in _SPECS:
        if dest == wanted:
            return _resolve(config, dest, env, ini, default).value
    raise KeyError(wanted)


def _choice(setting: Setting, name: str, allowed: tuple[str, ...]) -> str:
    if setting.value not in allowed:
        raise pytest.UsageError(
            f"{name} {setting.value!r} ({setting.source}) is not one of: {', '.join(allowed)}"
        )
    return setting.value


def resolve_options(config: pytest.Config) -> HarnessOptions:
    try:
        budget_override()  # checked now, so a bad value stops the run before any scenario
    except ValueError as exc:
        raise pytest.UsageError(str(exc)) from None
    settings = {
        dest: _resolve(config, dest, env, ini, default)
        for dest, _f, env, ini, default, _h in _SPECS
    }
    given = settings["strict"]
    flag = Setting(given.value.lower(), given.source)
    strict = _choice(flag, "--strict-conformance", _FLAGS) in _TRUE
    slow = settings["run_slow"]
    run_slow = (
        _choice(Setting(slow.value.strip().lower(), slow.source), "--run-slow", _FLAGS) in _TRUE
    )
    return HarnessOptions(
        target=settings["target"],
        strict=strict or bool(config.getoption("selftest")),
        evidence=_choice(settings["evidence"], "--evidence", _EVIDENCE_MODES),
        mock_defects=settings["mock_defects"],
        mock_settings=settings["mock_settings"],
        summary_dir=settings["summary_dir"].value,
        baseline=settings["baseline"],
        targets_dir=settings["targets_dir"].value,
        browser_artifacts=_choice(
            settings["browser_artifacts"], "--browser-artifacts", _ARTIFACT_MODES
        ),
        preflight=_choice(settings["preflight"], "--preflight", _PREFLIGHT_MODES),
        expected_findings=settings["expected_findings"],
        requirement_prefixes=tuple(config.getoption("requirement_prefixes")),
        selftest=bool(config.getoption("selftest")),
        max_wait_s=_seconds(settings["max_wait"], "--max-wait"),
        run_slow=run_slow,
        browser_endpoint=_endpoint(settings["browser_endpoint"]),
        shard=_shard(settings["shard"], config),
        shard_source=settings["shard"].source,
    )


def _endpoint(setting: Setting) -> str:
    """A ws:// or wss:// URL, or "" (launch a local Chromium); UsageError naming the option
    without the URL's query or credentials."""
    if not setting.value.strip():
        return ""
    try:
        return parse_endpoint(setting.value)
    except EndpointError as exc:
        raise pytest.UsageError(f"--browser-endpoint {exc} ({setting.source})") from None


def _shard(setting: Setting, config: pytest.Config) -> Shard | None:
    """None when no shard is asked for (nothing given anywhere), else the Shard; a value given
    but not K/N (an empty one on the command line too) is a UsageError naming the option, and
    so is a shard with --lf/--ff: pytest filters those while collecting, so the shards would
    be dealt over the last failures, and a shard could pass with its own failure left out."""
    if setting.source == "default" and not setting.value.strip():
        return None
    if config.getoption("lf", False) or config.getoption("failedfirst", False):
        raise pytest.UsageError(
            f"--shard ({setting.source}) cannot be combined with --lf/--ff: the shards would "
            "be dealt over the last failures only; rerun the whole shard"
        )
    try:
        return parse_shard(setting.value)
    except ValueError as exc:
        raise pytest.UsageError(
            f"--shard {setting.value!r} ({setting.source}) is not {exc}"
        ) from None


MAX_WAIT_LIMIT_S = 7 * 24 * 3600  # a week: anything longer is a typo, not a plan


def _seconds(setting: Setting, name: str) -> float:
    """A whole number of seconds from 0 to MAX_WAIT_LIMIT_S in ASCII digits, or UsageError."""
    text = setting.value.strip()
    digits = text.isascii() and text.isdecimal() and len(text) <= len(str(MAX_WAIT_LIMIT_S))
    if not digits or int(text) > MAX_WAIT_LIMIT_S:
        raise pytest.UsageError(
            f"{name} {setting.value!r} ({setting.source}) is not a whole number of seconds "
            f"from 0 to {MAX_WAIT_LIMIT_S}"
        )
    return float(text)


def given_settings(config: pytest.Config) -> list[tuple[str, Setting]]:
    """Every harness option's CLI flag and its raw setting, with where it came from (command
    line, environment, ini, default), in the order of ``--help``; reports say how a run was
    configured with it (Allure's environment)."""
    settings = [
        (flag, _resolve(config, dest, env, ini, default))
        for dest, flag, env, ini, default, _h in _SPECS
    ]
    return [  # the endpoint's query may hold a token
        (
            flag,
            Setting(shown_endpoint(s.value), s.source) if s.value and flag == ENDPOINT_FLAG else s,
        )
        for flag, s in settings
    ]


ENDPOINT_FLAG = "--browser-endpoint"
