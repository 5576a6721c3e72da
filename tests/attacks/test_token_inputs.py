"""The token-endpoint input families: forgeries never equal (or trim to) the real value and
never show it; the generated part of each family reaches the input its mock defect breaks on
within the mock's budget, so the kill matrix proves the search, not only the corpus."""

from __future__ import annotations

import secrets

from harness.attacks import budget, explore
from harness.attacks._token_inputs import (
    BODY_CORPUS,
    FORGERY_CORPUS,
    VERIFIER_CORPUS,
    forged,
    forgeries,
    is_utf8,
    malformed_verifiers,
    token_bodies,
    verifier_is_malformed,
)

REAL = secrets.token_urlsafe(32)
PAIRS = [
    ("grant_type", "authorization_code"),
    ("code", "never-issued"),
    ("client_id", "client"),
    ("client_secret", "s3cret-value"),
]


def _generated(strategy, examples: int = budget("mock")) -> list:
    seen: list = []
    explore(seen.append, (), strategy, examples=examples)
    return seen


def test_forgeries_differ_from_the_real_value_and_never_name_it() -> None:
    for mutation in [*FORGERY_CORPUS, *_generated(forgeries())]:
        value = forged(mutation, REAL)
        assert value.strip() != REAL
        assert REAL not in repr(mutation)


def test_the_generated_forgeries_reach_long_and_non_ascii_values() -> None:
    values = [forged(m, REAL) for m in _generated(forgeries())]
    assert any(len(v) > 255 for v in values), "forged-code-500 needs a code past 255 characters"
    assert any(not v.isascii() for v in values), "forged-refresh-token-500 needs non-ASCII"


def test_every_verifier_is_malformed_and_visible_ascii() -> None:
    named = [*VERIFIER_CORPUS, *_generated(malformed_verifiers())]
    assert all(verifier_is_malformed(v) for _, v in named)
    assert all(v.isascii() and v.isprintable() for _, v in named)  # S256 hashes ASCII octets


def test_bodies_never_show_the_secret_and_generated_ones_reach_non_utf8() -> None:
    generated = _generated(token_bodies())
    for variant in [*BODY_CORPUS, *generated]:
        assert "s3cret" not in repr(variant)
    rendered = [variant.render(PAIRS)[0] for variant in generated]
    assert any(not is_utf8(body) for body in rendered), "malformed-body-500 needs non-UTF-8"
    assert not all(is_utf8(variant.render(PAIRS)[0]) for variant in BODY_CORPUS)
