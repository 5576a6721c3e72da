"""Deterministic shards (``--shard K/N``): the K-th of N CI jobs runs its part of the selection,
and the N jobs together run every selected item exactly once.

How items are dealt (``assign``, pure):

1. Position: each item sits at the SHA-256 of its node id (``hashlib``, so every machine,
   process and ``PYTHONHASHSEED`` agrees, and the collection order plays no part; pytest-randomly
   or a path given first changes nothing). The variants of one parametrised scenario have node
   ids of their own and land far apart: a file or a function is never kept in one shard.
2. Weight: a ``heavy`` scenario (marker: many authorizations in the browser, such as a
   Hypothesis search over redirect URIs or code verifiers, or a batch of codes) weighs
   ``HEAVY_WEIGHT`` (10, about what it costs next to an ordinary scenario), any other item 1.
3. Cut: the items, in position order, are laid end to end on a line as long as their total
   weight W, the line is cut into N stretches of W/N, and each item goes to the stretch that
   holds its middle (integer arithmetic: no rounding differs between machines).

So every shard weighs W/N within one item's weight (±10 at most, ±1 with no heavy item, and
then the counts differ by at most one); the shards are contiguous runs of the hash order; and
adding or removing an ordinary scenario moves only items that sit next to one of the N-1 cuts
(at most two per cut, whatever the suite's size), where dealing round-robin would move every
item after it. A shard is empty only when there are fewer items than shards (or heavy items
span a whole stretch); that is normal, and the run exits 0 with a one-line note
(``ShardSelection``).

Under pytest-xdist each worker collects and deals the same items itself (the split needs no
coordination); the controller learns the counts from a worker at its end.
"""

from __future__ import annotations

import hashlib
from collections.abc import Generator, Sequence
from dataclasses import dataclass
from typing import Any

import pytest

HEAVY_MARKER = "heavy"
HEAVY_WEIGHT = 10  # a heavy scenario costs about ten ordinary ones (README, Splitting the run)
SHARD_LIMIT = 1000
SHARD_FORM = f"K/N, whole numbers with 1 <= K <= N <= {SHARD_LIMIT} (e.g. 2/4: the second of four)"
WORKER_OUTPUT_KEY = "harness_shard"  # [selected, total], from an xdist worker to the controller


@dataclass(frozen=True)
class Shard:
    """The ``index``-th (1-based) of ``count`` shards."""

    index: int
    count: int

    def __str__(self) -> str:
        return f"shard {self.index} of {self.count}"


def parse_shard(text: str) -> Shard:
    """``"K/N"`` (ASCII digits, spaces around either number allowed) as a Shard; raises
    ValueError, whose text is ``SHARD_FORM``, for anything else or a K, N out of range."""
    index_text, sep, count_text = text.strip().partition("/")
    numbers = (index_text.strip(), count_text.strip())
    if not sep or not all(n.isascii() and n.isdecimal() and len(n) <= 4 for n in numbers):
        raise ValueError(SHARD_FORM)
    index, count = int(numbers[0]), int(numbers[1])
    if not 1 <= index <= count <= SHARD_LIMIT:
        raise ValueError(SHARD_FORM)
    return Shard(index, count)


def position(nodeid: str) -> bytes:
    """Where a node id sits in the deal: its SHA-256, the same on every machine and run."""
    return hashlib.sha256(nodeid.encode("utf-8", "surrogatepass")).digest()


def assign(items: Sequence[tuple[str, int]], count: int) -> list[int]:
    """The shard (1..``count``) of each ``(node id, weight)`` pair, in the order given: by
    position, cut into ``count`` stretches of equal weight (the module's docstring says why).
    Weights are whole numbers of at least 1; raises ValueError for a count below 1."""
    if count < 1:
        raise ValueError(f"shard count {count} is below 1")
    order = sorted(range(len(items)), key=lambda i: (position(items[i][0]), items[i][0]))
    total = sum(max(1, weight) for _nodeid, weight in items)
    shards = [0] * len(items)
    laid = 0  # the weight laid before the current item
    for i in order:
        weight = max(1, items[i][1])
        # The middle, laid + weight/2, falls in stretch floor(middle * count / total): doubled.
        shards[i] = (2 * laid + weight) * count // (2 * total) + 1
        laid += weight
    return shards


def weight_of(heavy: bool) -> int:
    """An item's weight in the deal: ``HEAVY_WEIGHT`` for a heavy scenario, else 1."""
    return HEAVY_WEIGHT if heavy else 1


@dataclass
class ShardTally:
    """This run's shard and, once collected, how many items it holds of how many selected."""

    shard: Shard
    selected: int | None = None
    total: int | None = None

    def line(self) -> str:
        """``shard 2 of 4: 48 of 191 scenarios`` (``shard 2 of 4`` before collection)."""
        if self.selected is None or self.total is None:
            return str(self.shard)
        noun = "scenario" if self.total == 1 else "scenarios"
        return f"{self.shard}: {self.selected} of {self.total} {noun}"

    @property
    def empty(self) -> bool:
        """True when the selection had items but none fell to this shard."""
        return self.selected == 0 and bool(self.total)

    def to_json(self) -> dict[str, Any]:
        """The ``shard`` block of summary.json."""
        return {
            "index": self.shard.index,
            "count": self.shard.count,
            "selected": self.selected,
            "of": self.total,
        }


class ShardSelection:
    """The pytest side: deselects what is not this shard's after every other selection (the
    harness's own, ``-k``, ``-m``), counts it, and turns "nothing selected" (exit 5) into exit 0
    when the selection was not empty but this shard's part of it is."""

    def __init__(self, tally: ShardTally) -> None:
        self.tally = tally

    @pytest.hookimpl(trylast=True)  # after the harness's selection (tryfirst), -k and -m
    def pytest_collection_modifyitems(
        self, config: pytest.Config, items: list[pytest.Item]
    ) -> None:
        pairs = [
            (item.nodeid, weight_of(item.get_closest_marker(HEAVY_MARKER) is not None))
            for item in items
        ]
        dealt = zip(items, assign(pairs, self.tally.shard.count), strict=True)
        keep: list[pytest.Item] = []
        dropped: list[pytest.Item] = []
        for item, shard in dealt:
            (keep if shard == self.tally.shard.index else dropped).append(item)
        self.tally.selected, self.tally.total = len(keep), len(items)
        workeroutput = getattr(config, "workeroutput", None)
        if isinstance(workeroutput, dict):
            workeroutput[WORKER_OUTPUT_KEY] = [len(keep), len(items)]
        if dropped:
            config.hook.pytest_deselected(items=dropped)
            items[:] = keep

    def pytest_report_collectionfinish(self, config: pytest.Config) -> list[str]:
        """Right after pytest's "collected" line (without xdist; with it, the end says it)."""
        return [f"oauth-harness: {self.tally.line()}"]

    @pytest.hookimpl(optionalhook=True)
    def pytest_testnodedown(self, node: Any, error: object) -> None:
        """The controller under xdist: every worker dealt the same, any one's count will do."""
        counts = getattr(node, "workeroutput", {}).get(WORKER_OUTPUT_KEY)
        if isinstance(counts, list) and len(counts) == 2:
            self.tally.selected, self.tally.total = int(counts[0]), int(counts[1])

    @pytest.hookimpl(wrapper=True, tryfirst=True)
    def pytest_sessionfinish(self, session: pytest.Session) -> Generator[None, object, object]:
        # Before every other sessionfinish hook, so none of them calls this run "nothing selected".
        if session.exitstatus == pytest.ExitCode.NO_TESTS_COLLECTED and self.tally.empty:
            session.exitstatus = pytest.ExitCode.OK
        return (yield)

    def pytest_terminal_summary(self, terminalreporter: Any) -> None:
        if self.tally.empty:
            terminalreporter.write_line(
                f"oauth-harness: {self.tally.line()}: nothing fell to this shard (more shards "
                "than scenarios); exit 0, the other shards run them"
            )
