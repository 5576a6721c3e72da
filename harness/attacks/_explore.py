"""Run one scenario's judgement over a family of inputs: every listed one, then a bounded,
reproducible Hypothesis search over recombinations of them.

The budget of generated inputs depends on where the run points: a bundled mock takes many, a
real (perhaps rate-limited, perhaps live) server few. ``HYPOTHESIS_PROFILE=deep`` raises it for
a security review; ``HARNESS_ATTACK_EXAMPLES`` sets it outright.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from typing import TypeVar

from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st

T = TypeVar("T")

BUDGETS = {"mock": 12, "remote": 3}  # generated inputs per family, on top of the corpus
DEEP_BUDGET = 200
MAX_BUDGET = 10_000


ENV_BUDGET = "HARNESS_ATTACK_EXAMPLES"


def budget_override() -> int | None:
    """``HARNESS_ATTACK_EXAMPLES`` as a number, None when unset; ValueError (one line naming
    the variable) unless it is a whole number from 0 to MAX_BUDGET in ASCII digits."""
    text = os.environ.get(ENV_BUDGET, "").strip()
    if not text:
        return None
    if not (text.isascii() and text.isdecimal()) or int(text) > MAX_BUDGET:
        raise ValueError(
            f"{ENV_BUDGET}={text!r} is not a whole number from 0 to {MAX_BUDGET} "
            "(generated inputs per attack family)"
        )
    return int(text)


def budget(target_kind: str) -> int:
    """Generated inputs per family for a target of ``target_kind`` ("mock" or "remote");
    ValueError for a bad ``HARNESS_ATTACK_EXAMPLES`` (the plugin checks it at start)."""
    override = budget_override()
    if override is not None:
        return override
    if os.environ.get("HYPOTHESIS_PROFILE") == "deep":
        return DEEP_BUDGET
    return BUDGETS.get(target_kind, BUDGETS["remote"])


def explore(
    judge: Callable[[T], None],
    corpus: Sequence[T],
    strategy: st.SearchStrategy[T] | None,
    *,
    examples: int,
) -> None:
    """Call ``judge`` on every corpus entry in order, then on up to ``examples`` generated ones
    (derandomized: the same inputs every run, so verdicts repeat). The first input ``judge``
    fails on ends the search; Hypothesis names it in the failure ("Falsifying example")."""
    if strategy is None or examples <= 0:
        for item in corpus:
            judge(item)
        return

    @settings(
        max_examples=examples,
        derandomize=True,
        database=None,
        deadline=None,
        phases=(Phase.explicit, Phase.generate),  # no shrinking: each input costs a browser run
        report_multiple_bugs=False,
        suppress_health_check=list(HealthCheck),
    )
    @given(strategy)
    def search(item: T) -> None:
        judge(item)

    for item in reversed(corpus):  # @example runs in decoration order, innermost first
        search = example(item)(search)
    search()
