"""Wall-clock scenarios: instant on a target whose clock the harness moves; slow, and
deselected unless selected, on any other; --max-wait is checked at start."""

import pytest

from .test_verdicts import TARGETS, run

WAITING = """
import pytest

@pytest.mark.requirement("RFC6749-4.1.2")
@pytest.mark.wall_clock
def test_waits():
    pass

@pytest.mark.requirement("RFC6749-5.1")
def test_plain():
    pass
"""


def _no_clock_target(pytester: pytest.Pytester) -> str:
    text = (
        (TARGETS / "mock.toml").read_text().replace("clock_control = true", "clock_control = false")
    )
    path = pytester.path / "noclock.toml"
    path.write_text(text)
    return f"--target={path}"


def test_a_moved_clock_runs_wall_clock_scenarios(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_wait=WAITING)
    run(pytester).assert_outcomes(passed=2)


@pytest.mark.parametrize(
    ("args", "env", "passed"),
    [
        ((), None, 1),
        (("--run-slow",), None, 2),
        (("--run-slow", "test_wait.py"), None, 2),  # a flag: the path after it stays a path
        ((), "1", 2),
        ((), " 1 ", 2),
        ((), "0", 1),
        (("-m", "slow"), None, 1),
    ],
    ids=["default", "run-slow", "run-slow-before-path", "env", "env-spaced", "env-0", "mark-slow"],
)
def test_without_a_moved_clock_they_are_slow_and_deselected_by_default(
    pytester: pytest.Pytester,
    monkeypatch: pytest.MonkeyPatch,
    args: tuple[str, ...],
    env: str | None,
    passed: int,
) -> None:
    if env is not None:
        monkeypatch.setenv("HARNESS_RUN_SLOW", env)
    pytester.makepyfile(test_wait=WAITING)
    result = run(pytester, _no_clock_target(pytester), *args)
    result.assert_outcomes(passed=passed)


@pytest.mark.parametrize("bad", ["-1", "1.5", "ten", "\uff19", "999999999", "9" * 5000])
def test_a_bad_max_wait_stops_the_run(pytester: pytest.Pytester, bad: str) -> None:
    pytester.makepyfile(test_wait=WAITING)
    result = run(pytester, f"--max-wait={bad}")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    assert any("--max-wait" in line for line in result.errlines)
