"""Each registered defect changes exactly its rule.

For every defect the table holds a probe (in-process, no browser) with its conformant and its
faulty result, and the core facts the defect moves by design. The one parametrised test checks,
for each defect: (a) the probe is conformant with the defect off, (b) faulty with it on, and
(c) with it on, the core behaviours (a happy code flow with refresh and API calls, a few error
paths) move exactly as declared. Observations are plain values without codes, tokens or secrets.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

import httpx
import pytest

from harness.mock import DEFECTS, MockState
from tests.mock import (
    _defect_probes_api,
    _defect_probes_authorize,
    _defect_probes_grants,
    _defect_probes_metadata,
    _defect_probes_token,
)
from tests.mock._defect_support import CORE, Case, core_facts, moved_facts
from tests.mock._drive import Mock

ALL_CASES = [
    *_defect_probes_authorize.CASES,
    *_defect_probes_token.CASES,
    *_defect_probes_api.CASES,
    *_defect_probes_metadata.CASES,
    *_defect_probes_grants.CASES,
]
TABLE: dict[str, Case] = {c.defect: c for c in ALL_CASES}


@pytest.fixture
def mock(state: MockState, new_browser: Callable[[], httpx.Client]) -> Mock:
    return Mock(state, new_browser)


def test_the_table_covers_every_registered_defect_once() -> None:
    twice = sorted(name for name, n in Counter(c.defect for c in ALL_CASES).items() if n > 1)
    assert twice == []
    assert sorted(set(DEFECTS) - set(TABLE)) == [], "defects without a probe"
    assert sorted(set(TABLE) - set(DEFECTS)) == [], "probes for unregistered defects"


def test_the_core_behaviours_are_conformant(mock: Mock) -> None:
    assert core_facts(mock) == CORE


def test_every_declared_core_change_names_a_core_fact() -> None:
    unknown = {c.defect: sorted(c.core - set(CORE)) for c in ALL_CASES if c.core - set(CORE)}
    assert unknown == {}


@pytest.mark.parametrize("name", sorted(DEFECTS))
def test_a_defect_changes_exactly_its_rule(mock: Mock, name: str) -> None:
    case = TABLE.get(name)
    assert case is not None, f"no probe for defect {name!r}: add one to the table"
    assert case.conformant != case.faulty, "a probe must tell the two apart"
    state = mock.state

    state.reset()
    assert case.probe(mock) == case.conformant, "(a) defect off: the rule holds"

    state.reset()
    state.defects.enable(name)
    assert case.probe(mock) == case.faulty, "(b) defect on: the rule is broken as summarised"

    state.reset()
    state.defects.enable(name)
    assert moved_facts(mock) == case.core, "(c) defect on: only the declared core facts move"
