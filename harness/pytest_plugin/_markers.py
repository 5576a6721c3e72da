"""Scenario markers, and what a collected scenario declares through them."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from harness.spec import Level, parse_ref

MARKERS = (
    "requirement(*refs, level='MUST'): the RFC requirements a scenario checks, e.g. "
    "requirement('RFC6749-4.1.2'); level is the RFC keyword (MUST, SHOULD, MAY)",
    "catalogue(*numbers): the numbered cases of the test catalogue this scenario automates",
    "kills(*defects): mock defects this scenario must catch (checked by make selftest)",
    "needs(*capabilities): target capabilities without which the scenario is skipped",
    "browser: drives a real browser",
    "signs_in: about signing in (its login page, form or session): every authorization starts "
    "signed out, instead of from the worker's saved signed-in state",
    "slow: takes more than a second or two; deselected unless --run-slow or -m slow selects it",
    "heavy: costs about ten ordinary scenarios (an authorization per input tried, or a batch): "
    "--shard weighs it 10 when it splits the run",
    "wall_clock: lets time pass (expiry): instant on a target whose clock the harness moves, "
    "slow (waiting on the wall clock, bounded by --max-wait) on any other",
)


class MarkerError(ValueError):
    """A scenario's markers are malformed; the scenario errors with this one line."""


@dataclass(frozen=True)
class Declared:
    requirements: tuple[str, ...]
    level: Level
    catalogue: tuple[int, ...]
    kills: tuple[str, ...]
    needs: tuple[str, ...]

    @property
    def is_scenario(self) -> bool:
        return bool(self.requirements)


def register(config: pytest.Config) -> None:
    for line in MARKERS:
        config.addinivalue_line("markers", line)


def declared(item: pytest.Item) -> Declared:
    """Read the markers; a malformed one raises MarkerError naming the test and the marker."""
    refs: list[str] = []
    level = Level.MUST
    for mark in item.iter_markers("requirement"):
        refs.extend(str(ref) for ref in mark.args)
        if "level" in mark.kwargs:
            try:
                level = Level(mark.kwargs["level"])
            except ValueError:
                raise MarkerError(
                    f"{item.nodeid}: requirement(level={mark.kwargs['level']!r}) "
                    "is not MUST, SHOULD or MAY"
                ) from None
    for ref in refs:
        try:
            parse_ref(ref)
        except ValueError as exc:
            raise MarkerError(f"{item.nodeid}: {exc}") from None
    numbers = [n for mark in item.iter_markers("catalogue") for n in mark.args]
    if any(not isinstance(n, int) or not 1 <= n <= 120 for n in numbers):
        raise MarkerError(f"{item.nodeid}: catalogue() takes case numbers 1..120, got {numbers}")
    return Declared(
        requirements=tuple(dict.fromkeys(refs)),
        level=level,
        catalogue=tuple(sorted(set(numbers))),
        kills=tuple(
            dict.fromkeys(str(d) for mark in item.iter_markers("kills") for d in mark.args)
        ),
        needs=tuple(str(n) for mark in item.iter_markers("needs") for n in mark.args),
    )


def matches_prefixes(refs: tuple[str, ...], prefixes: tuple[str, ...]) -> bool:
    return any(ref.upper().startswith(prefix.upper()) for ref in refs for prefix in prefixes)


NOTHING_DECLARED = Declared((), Level.MUST, (), (), ())
