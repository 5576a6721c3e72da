"""``--shard K/N`` over the real scenarios directory, by collection only (``--collect-only``:
no browser, no mock, nothing started; about a second a run): for N in 1, 2, 3 and 7 the
shards are disjoint, together they are the unsharded collection, each weighs its share within
one heavy scenario, and the deal is the same in another process (another hash seed) and in
another collection order; with -k and with --selftest too. The deal itself is property-tested
in tests/plugin/test_shards.py."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from harness.pytest_plugin._shards import HEAVY_WEIGHT, assign
from tests.pipeline._run import harness

Collected = list[str]


def collect(
    *args: str, env: dict[str, str] | None = None, codes: tuple[int, ...] = (0,)
) -> tuple[Collected, str]:
    """The node ids ``pytest scenarios --collect-only -q`` lists, in order, and the shard line."""
    done = harness(
        "scenarios", "--collect-only", "-q", "--assert=plain", "-n", "0", *args,
        env={"PYTHONHASHSEED": "1", **(env or {})},
    )  # fmt: skip
    assert done.returncode in codes, done.stdout[-3000:] + done.stderr
    ids = [line for line in done.stdout.splitlines() if "::" in line]
    shard = [line for line in done.stdout.splitlines() if line.startswith("oauth-harness: shard")]
    return ids, shard[0] if shard else ""


@pytest.fixture(scope="module")
def suite() -> tuple[Collected, set[str]]:
    """The unsharded collection and its heavy scenarios (weight HEAVY_WEIGHT in the deal)."""
    everything, _ = collect()
    heavy, _ = collect("-m", "heavy")
    assert len(everything) > 100
    assert 0 < len(heavy) < 20
    return everything, set(heavy)


def weight(node: str, heavy: set[str]) -> int:
    return HEAVY_WEIGHT if node in heavy else 1


@pytest.mark.parametrize("count", [1, 2, 3, 7])
def test_the_shards_split_the_suite(count: int, suite: tuple[Collected, set[str]]) -> None:
    everything, heavy = suite
    shards = []
    for k in range(1, count + 1):
        ids, line = collect(f"--shard={k}/{count}")
        counts = f"{len(ids)} of {len(everything)} scenarios"
        assert line == f"oauth-harness: shard {k} of {count}: {counts}"
        shards.append(ids)
    seen = Counter(node for ids in shards for node in ids)
    assert set(seen) == set(everything)  # together: the unsharded collection
    assert set(seen.values()) == {1}  # each exactly once
    total = sum(weight(n, heavy) for n in everything)
    for ids in shards:  # each within one heavy scenario of its share
        assert abs(sum(weight(n, heavy) for n in ids) - total / count) <= HEAVY_WEIGHT, ids
    # The same deal as the pure function's over the unsharded collection.
    expected = assign([(n, weight(n, heavy)) for n in everything], count)
    for node, k in zip(everything, expected, strict=True):
        assert node in shards[k - 1]
    if count > 1:  # one scenario's variants are spread, not kept together
        functions = Counter(re.sub(r"\[.*\]$", "", n) for n in everything)
        widest = max(functions, key=lambda f: (functions[f], f))
        variants = [n for n in everything if re.sub(r"\[.*\]$", "", n) == widest]
        assert len({k for n, k in zip(everything, expected, strict=True) if n in variants}) > 1


def test_the_deal_ignores_the_process_and_the_collection_order(
    suite: tuple[Collected, set[str]],
) -> None:
    """Another hash seed and the items shuffled before selection (as pytest-randomly does):
    every shard holds the same node ids as in the plain run (test_the_shards_split_the_suite
    proves the plain run's shards are the pure function's deal, compared here)."""
    everything, heavy = suite
    expected = assign([(n, weight(n, heavy)) for n in everything], 3)
    for k in (1, 2, 3):
        plain = [n for n, s in zip(everything, expected, strict=True) if s == k]
        shuffled, _ = collect(
            "-p", "tests.pipeline._shuffle", f"--shard={k}/3",
            env={"PYTHONHASHSEED": "2", "SHUFFLE_SEED": str(k)},
        )  # fmt: skip
        assert shuffled != plain  # really reordered ...
        assert set(shuffled) == set(plain)  # ... and the same shard


def test_a_shard_of_a_k_selection() -> None:
    """-k first, then the shard: the shards split what -k selected."""
    selected, _ = collect("-k", "token")
    assert 10 < len(selected) < 150
    shards = [collect("-k", "token", f"--shard={k}/2") for k in (1, 2)]
    for k, (ids, line) in enumerate(shards, start=1):
        assert line == f"oauth-harness: shard {k} of 2: {len(ids)} of {len(selected)} scenarios"
    first, second = shards[0][0], shards[1][0]
    assert not set(first) & set(second)
    assert set(first) | set(second) == set(selected)


def test_a_shard_of_the_kill_matrix() -> None:
    """With --selftest the shards split the scenario-and-defect runs, each run once."""
    # Unsharded, the matrix collected but not run finds every defect uncaught: exit 1.
    matrix, _ = collect("--selftest", codes=(0, 1))
    assert any("[kill=" in n or "-kill=" in n for n in matrix)
    shards = [collect("--selftest", f"--shard={k}/2")[0] for k in (1, 2)]
    assert not set(shards[0]) & set(shards[1])
    assert set(shards[0]) | set(shards[1]) == set(matrix)
