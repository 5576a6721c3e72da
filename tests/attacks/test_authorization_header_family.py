"""The malformed Authorization header family: never well-formed, always sendable, token hidden."""

from __future__ import annotations

import re

import h11
from hypothesis import given, settings

from harness.attacks import HEADER_CORPUS, HeaderForm, header_forms

TOKENS = ["abc.DEF-123_~+/xyz==", "Zm9vYmFy" * 5, "Q9"]
WELL_FORMED = re.compile(r"^[Bb][Ee][Aa][Rr][Ee][Rr] +(?P<token>.*)$")


def is_well_formed(values: tuple[str, ...], token: str) -> bool:
    """RFC 6750 §2.1: one field line, "Bearer" (any case) 1*SP, exactly the token."""
    match = WELL_FORMED.match(values[0]) if len(values) == 1 else None
    return match is not None and match["token"] == token


def sendable(value: str) -> bool:
    try:
        h11.Request(method="GET", target="/", headers=[("Host", "h"), ("Authorization", value)])
    except h11.LocalProtocolError:
        return False
    return True


def check(form: HeaderForm, token: str) -> None:
    values = form.values(token)
    assert values, form
    assert not is_well_formed(values, token), form
    assert all(sendable(v) for v in values), form
    assert token not in repr(form)


def test_corpus_forms_are_malformed_and_sendable() -> None:
    names = [form.name for form in HEADER_CORPUS]
    assert len(set(names)) == len(names)
    for form in HEADER_CORPUS:
        for token in TOKENS:
            check(form, token)


def test_the_corpus_carries_the_real_token_except_where_there_is_none() -> None:
    tokenless = {"bearer-without-token"}
    for form in HEADER_CORPUS:
        carried = any("abc.DEF" in v for v in form.values(TOKENS[0]))
        assert carried == (form.name not in tokenless), form


@settings(max_examples=300, database=None, derandomize=True)
@given(header_forms())
def test_generated_forms_are_malformed_and_sendable(form: HeaderForm) -> None:
    for token in TOKENS:
        check(form, token)
