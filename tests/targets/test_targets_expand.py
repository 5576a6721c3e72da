"""``${VAR}`` / ``${VAR:-default}`` / ``$$`` expansion."""

from __future__ import annotations

import re

import pytest

from harness.targets._expand import ExpansionError, Reference, expand


@pytest.mark.parametrize(
    ("text", "environ", "value"),
    [
        ("${A}", {"A": "1"}, "1"),
        ("x-${A}-y", {"A": "1"}, "x-1-y"),
        ("${A:-dflt}", {}, "dflt"),
        ("${A:-dflt}", {"A": ""}, "dflt"),  # empty counts as unset, as in sh
        ("${A:-dflt}", {"A": "set"}, "set"),
        ("${A:-}", {}, ""),
        ("${A:-s3cret-one:%+/}", {}, "s3cret-one:%+/"),
        ("cost $$5 and $x", {}, "cost $5 and $x"),
        ("${A}${B}", {"A": "1", "B": "2"}, "12"),
    ],
)
def test_expansion(text: str, environ: dict[str, str], value: str) -> None:
    assert expand(text, environ).value == value


def test_expansion_reports_references_and_literal_parts() -> None:
    assert expand("${A}", {"A": "1"}).literal is False
    assert expand("${A:-d}", {}).references == (Reference("A", "d"),)
    assert expand("x${A}", {"A": "1"}).literal is True
    assert expand("plain", {}).literal is True


@pytest.mark.parametrize(
    ("text", "environ", "problem"),
    [
        ("${A}", {}, "environment variable A is not set"),
        ("${A}", {"A": ""}, "environment variable A is empty"),
        ("${A", {}, "unclosed '${'"),
        ("${1A}", {}, "a reference must read ${NAME}"),
        ("${}", {}, "a reference must read ${NAME}"),
    ],
)
def test_expansion_errors(text: str, environ: dict[str, str], problem: str) -> None:
    with pytest.raises(ExpansionError, match=re.escape(problem)):
        expand(text, environ)
