"""--shard K/N: the deal itself (pure, property-tested) and the plugin on small generated
projects: counts in the header and summary.json, an empty shard exits 0, a sharded kill matrix
judges only its own defects. The real scenarios directory: tests/pipeline/test_shards.py."""

import hashlib
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from harness.pytest_plugin._shards import (
    HEAVY_WEIGHT,
    SHARD_LIMIT,
    Shard,
    assign,
    parse_shard,
    position,
)

from .test_selftest import TWO_SCENARIOS
from .test_verdicts import run

# -- parsing ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "shard"),
    [
        ("1/1", Shard(1, 1)),
        ("2/4", Shard(2, 4)),
        (" 3 / 7 ", Shard(3, 7)),
        ("1000/1000", Shard(1000, 1000)),
    ],
)
def test_a_shard_is_k_of_n(text: str, shard: Shard) -> None:
    assert parse_shard(text) == shard
    assert str(shard) == f"shard {shard.index} of {shard.count}"


@pytest.mark.parametrize(
    "text",
    ["", "2", "2/", "/4", "0/4", "5/4", "1/0", "-1/4", "1/1001", "2.0/4", "2/4/8", "two/four",
     "\uff12/4", "1" * 5000 + "/4", "2 of 4"],
)  # fmt: skip
def test_anything_else_is_refused(text: str) -> None:
    with pytest.raises(ValueError, match=f"K/N, whole numbers with 1 <= K <= N <= {SHARD_LIMIT}"):
        parse_shard(text)


# -- the deal --------------------------------------------------------------------------------

node_ids = st.lists(
    st.text(st.characters(codec="utf-8"), min_size=1, max_size=30), unique=True, max_size=120
)
items_and_weights = node_ids.flatmap(
    lambda ids: st.lists(
        st.sampled_from([1, 1, 1, HEAVY_WEIGHT]), min_size=len(ids), max_size=len(ids)
    ).map(lambda weights: list(zip(ids, weights, strict=True)))
)
counts = st.integers(min_value=1, max_value=12)


@settings(max_examples=150, deadline=None, derandomize=True, database=None)
@given(items=items_and_weights, count=counts, data=st.randoms(use_true_random=False))
def test_every_item_in_one_shard_whatever_the_order(items, count, data) -> None:
    dealt = dict(zip((n for n, _ in items), assign(items, count), strict=True))
    assert all(1 <= k <= count for k in dealt.values())
    shuffled = list(items)
    data.shuffle(shuffled)
    assert dict(zip((n for n, _ in shuffled), assign(shuffled, count), strict=True)) == dealt


@settings(max_examples=150, deadline=None, derandomize=True, database=None)
@given(items=items_and_weights, count=counts)
def test_each_shard_weighs_a_share_within_one_item(items, count) -> None:
    dealt = assign(items, count)
    total = sum(w for _, w in items)
    heaviest = max((w for _, w in items), default=1)
    for k in range(1, count + 1):
        weight = sum(w for (_, w), shard in zip(items, dealt, strict=True) if shard == k)
        assert abs(weight - total / count) <= heaviest
    if heaviest == 1:  # no heavy item: the counts differ by at most one
        sizes = [dealt.count(k) for k in range(1, count + 1)]
        assert max(sizes) - min(sizes) <= 1


@settings(max_examples=150, deadline=None, derandomize=True, database=None)
@given(ids=node_ids, new=st.text(min_size=1, max_size=30), count=counts)
def test_adding_an_ordinary_scenario_moves_at_most_two_per_cut(ids, new, count) -> None:
    if new in ids:
        return
    before = dict(zip(ids, assign([(n, 1) for n in ids], count), strict=True))
    grown = [*ids, new]
    after = dict(zip(grown, assign([(n, 1) for n in grown], count), strict=True))
    moved = [n for n in ids if before[n] != after[n]]
    assert len(moved) <= 2 * (count - 1)


def test_variants_of_one_scenario_spread_and_positions_are_sha256() -> None:
    variants = [(f"scenarios/a/test_x.py::test_y[{i}]", 1) for i in range(12)]
    assert len(set(assign(variants, 3))) == 3  # not kept together as a file or function would be
    # The position never depends on the process (Python's hash() is salted per process).
    node = "scenarios/a/test_x.py::test_y"
    assert position(node) == hashlib.sha256(node.encode()).digest()


def test_a_count_below_one_is_refused() -> None:
    with pytest.raises(ValueError, match="below 1"):
        assign([("a", 1)], 0)


# -- the plugin ------------------------------------------------------------------------------

TEN = "\n".join(
    f"""
@pytest.mark.requirement("RFC6749-5.1")
def test_{i}():
    pass
"""
    for i in range(10)
)
TEN = "import pytest\n" + TEN


def _passed(result: pytest.RunResult) -> set[str]:
    return {line.split()[0] for line in result.outlines if " PASSED" in line}


def test_two_shards_run_every_scenario_once(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_ten=TEN)
    shards = [run(pytester, "-v", "--summary-dir=out", f"--shard={k}/2") for k in (1, 2)]
    ran = [_passed(result) for result in shards]
    assert not ran[0] & ran[1]
    assert ran[0] | ran[1] == {f"test_ten.py::test_{i}" for i in range(10)}
    assert all(result.ret == pytest.ExitCode.OK for result in shards)
    data = json.loads((pytester.path / "out" / "summary.json").read_text())  # the last shard's
    assert data["shard"] == {"index": 2, "count": 2, "selected": len(ran[1]), "of": 10}
    assert f"selection: shard 2 of 2: {len(ran[1])} of 10 scenarios (--shard)" in data["details"]
    markdown = (pytester.path / "out" / "summary.md").read_text()
    assert f"- selection: shard 2 of 2: {len(ran[1])} of 10 scenarios (--shard)" in markdown
    end = "\n".join(shards[1].outlines)
    assert "selection: part of the suite" in end  # the counts cover only this shard


def test_the_header_says_which_shard_and_where_it_came_from(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytester.makepyfile(test_ten=TEN)
    monkeypatch.setenv("HARNESS_SHARD", "3/4")
    result = run(pytester, "--co")
    out = "\n".join(result.outlines)
    assert "oauth-harness: shard 3 of 4 (from environment HARNESS_SHARD)" in out
    selected = len([line for line in result.outlines if "<Function test_" in line])
    assert f"oauth-harness: shard 3 of 4: {selected} of 10 scenarios" in out


def test_a_shard_with_nothing_to_run_exits_0_with_a_note(pytester: pytest.Pytester) -> None:
    """More shards than scenarios is normal (a CI matrix sized for the growing suite): an empty
    shard passes, says so in one line, and still writes its summary; only an empty selection
    (-k matching nothing) is exit 5."""
    pytester.makepyfile(test_ten=TEN)
    ids = [(f"test_ten.py::test_{i}", 1) for i in range(10)]
    empty = next(k for k in range(1, 13) if k not in assign(ids, 12))
    result = run(pytester, "--summary-dir=out", f"--shard={empty}/12")
    assert result.ret == pytest.ExitCode.OK
    notes = [line for line in result.outlines if "nothing fell to this shard" in line]
    assert notes == [
        f"oauth-harness: shard {empty} of 12: 0 of 10 scenarios: nothing fell to this shard "
        "(more shards than scenarios); exit 0, the other shards run them"
    ]
    data = json.loads((pytester.path / "out" / "summary.json").read_text())
    assert data["shard"] == {"index": empty, "count": 12, "selected": 0, "of": 10}
    assert sum(data["counts"].values()) == 0
    nothing = run(pytester, f"--shard={empty}/12", "-k", "no_such_scenario")
    assert nothing.ret == pytest.ExitCode.NO_TESTS_COLLECTED


def test_a_sharded_kill_matrix_judges_only_the_defects_it_ran(pytester: pytest.Pytester) -> None:
    """Each shard's matrix answers for the defects its scenarios declare, as with -k; together
    the shards judge every variant once."""
    pytester.makepyfile(test_two=TWO_SCENARIOS)
    judged: list[str] = []
    for k in (1, 2, 3):
        result = run(pytester, "--selftest", "--summary-dir=out", f"--shard={k}/3")
        matrix_file = Path(pytester.path) / "out" / "selftest.json"
        matrix = json.loads(matrix_file.read_text())
        names = [d["name"] for d in matrix["defects"]]
        judged += names
        if not names:  # an empty shard (two variants, three shards): nothing judged, exit 0
            assert result.ret == pytest.ExitCode.OK
            continue
        lines = [line for line in result.outlines if line.startswith("Kill matrix:")]
        assert len(lines) == 1
        assert "(those the selected scenarios declare)" in lines[0]
        assert not any("declares no mock defect" in p for p in matrix["problems"])
        # state-dropped survives test_misses_state_dropped: only its shard fails.
        expected = pytest.ExitCode.TESTS_FAILED if "state-dropped" in names else pytest.ExitCode.OK
        assert result.ret == expected
    assert sorted(judged) == ["code-reusable", "state-dropped"]
