"""The Waiter: a controllable clock is moved, a wall clock waited for within the bound; every
wait is noted, and a wait past the bound is a skip that names --max-wait."""

from __future__ import annotations

from typing import NoReturn

import pytest

from harness.client import Waiter
from harness.evidence import Evidence


class Skipped(Exception):
    pass


def _skip(reason: str) -> NoReturn:
    raise Skipped(reason)


def test_a_controllable_clock_is_advanced_without_sleeping() -> None:
    moved: list[float] = []
    slept: list[float] = []
    waiter = Waiter(Evidence(), advance=moved.append, max_wait_s=0, skip=_skip, sleep=slept.append)
    waiter.require(10_000, "a long lifetime")  # no bound applies to a moved clock
    waiter.wait(3600, "an hour")
    assert (moved, slept, waiter.waited_s) == ([3600], [], 3600)


def test_a_wall_clock_is_waited_for_and_noted() -> None:
    evidence = Evidence()
    slept: list[float] = []
    waiter = Waiter(evidence, advance=None, max_wait_s=60, skip=_skip, sleep=slept.append)
    waiter.wait(30, "a replay")
    waiter.wait(30, "more")
    assert slept == [30, 30]
    notes = [getattr(item, "text", "") for item in evidence.items]
    assert any("wall clock 30 s (more); 60 s have passed in all" in note for note in notes)


def test_a_wait_past_the_bound_is_a_skip_naming_the_option() -> None:
    slept: list[float] = []
    waiter = Waiter(Evidence(), advance=None, max_wait_s=100, skip=_skip, sleep=slept.append)
    waiter.wait(60, "first")
    with pytest.raises(Skipped, match="--max-wait"):
        waiter.wait(60, "second")
    assert slept == [60]


def test_a_negative_wait_is_refused() -> None:
    waiter = Waiter(Evidence(), advance=None, max_wait_s=100, skip=_skip, sleep=lambda s: None)
    with pytest.raises(ValueError, match="negative"):
        waiter.wait(-1, "back in time")
