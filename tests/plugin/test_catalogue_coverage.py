"""Every case of the requirement catalogue (cases 1-120) is automated by a scenario or listed in
scenarios/NOT_COVERED.md with its reason, and never both."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCENARIOS = ROOT / "scenarios"
CATALOGUE_SIZE = 120  # the catalogue's section 4 numbers its cases 1-120
AT_LEAST_AUTOMATED = 110  # issue 8's bar

_MARKER = re.compile(r"pytest\.mark\.catalogue\(([\d,\s]+)\)")
_ROW = re.compile(r"^\| (\d+) \|", re.MULTILINE)


def automated() -> set[int]:
    found: set[int] = set()
    for path in SCENARIOS.rglob("test_*.py"):
        for match in _MARKER.finditer(path.read_text()):
            found.update(int(n) for n in match.group(1).replace(",", " ").split())
    return found


def not_covered() -> tuple[set[int], set[int]]:
    """(whole cases, parts of automated cases) from the two tables of NOT_COVERED.md."""
    text = (SCENARIOS / "NOT_COVERED.md").read_text()
    whole, _, parts = text.partition("## Parts of automated cases left out")
    return {int(n) for n in _ROW.findall(whole)}, {int(n) for n in _ROW.findall(parts)}


def test_every_catalogue_case_is_automated_or_explained() -> None:
    whole, _ = not_covered()
    missing = set(range(1, CATALOGUE_SIZE + 1)) - automated() - whole
    assert sorted(missing) == []


def test_no_case_is_both_automated_and_listed_as_not_covered() -> None:
    whole, _ = not_covered()
    assert sorted(whole & automated()) == []


def test_listed_parts_belong_to_automated_cases() -> None:
    _, parts = not_covered()
    assert sorted(parts - automated()) == []


def test_markers_name_only_catalogue_cases() -> None:
    assert sorted(n for n in automated() if not 1 <= n <= CATALOGUE_SIZE) == []


def test_enough_of_the_catalogue_is_automated() -> None:
    assert len(automated()) >= AT_LEAST_AUTOMATED
