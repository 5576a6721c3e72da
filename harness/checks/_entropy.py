"""How hard authorization codes are to guess (RFC 6749 §10.10), estimated from a batch of them.

RFC 6749 §10.10: "The probability of an attacker guessing generated tokens (and other
credentials not intended for handling by end-users) MUST be less than or equal to 2^(-128) and
SHOULD be less than or equal to 2^(-160)." A black box sees only the values, so the estimate
is a heuristic: the characters that vary across the batch, times log2 of the smallest usual
alphabet that holds them. Structure every code shares (a prefix, a separator, a fixed version
digit) counts for nothing; a code built from a clock or a counter may still be overestimated.
"""

from __future__ import annotations

import math
import string
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from harness.checks._violation import Violation

_ALNUM = string.ascii_letters + string.digits
_ALPHABETS = tuple(
    sorted(
        (
            frozenset(chars)
            for chars in (
                string.digits,
                string.digits + "abcdef",
                string.digits + "ABCDEF",
                string.hexdigits,
                string.ascii_lowercase + string.digits,
                string.ascii_uppercase + string.digits,
                _ALNUM,
                _ALNUM + "-_",  # base64url
                _ALNUM + "+/",  # base64
                _ALNUM + "-._~",  # RFC 3986 unreserved
                string.printable.strip(),  # visible ASCII
            )
        ),
        key=len,
    )
)

CodesCheck = Callable[[Sequence[str]], Violation | None]


@dataclass(frozen=True)
class EntropyEstimate:
    bits: float
    characters: int  # characters per code that vary across the batch
    alphabet: int  # the size of the alphabet they are taken to come from


def alphabet_size(chars: set[str]) -> int:
    """The size of the smallest usual alphabet holding ``chars`` (their count if none does)."""
    return next((len(a) for a in _ALPHABETS if chars <= a), len(chars))


def _common_prefix(values: Sequence[str]) -> int:
    """How many leading characters every value shares."""
    shortest = min(len(value) for value in values)
    return next((i for i in range(shortest) if len({v[i] for v in values}) > 1), shortest)


def estimate_entropy(codes: Sequence[str]) -> EntropyEstimate:
    """Per-code entropy of a batch (two or more values): positions every code shares, or a
    common prefix and suffix when lengths differ, are structure; the rest is counted."""
    if len({len(code) for code in codes}) == 1:
        varying = [i for i in range(len(codes[0])) if len({code[i] for code in codes}) > 1]
        chars = {code[i] for code in codes for i in varying}
        count = len(varying)
    else:
        prefix = _common_prefix(codes)
        suffix = _common_prefix([code[prefix:][::-1] for code in codes])
        count = max(0, min(len(code) for code in codes) - prefix - suffix)
        chars = {ch for code in codes for ch in code[prefix : len(code) - suffix]}
    size = alphabet_size(chars)
    bits = count * math.log2(size) if count and size > 1 else 0.0
    return EntropyEstimate(bits, count, size)


def entropy_at_least(minimum: int, ref: str, why: str, what: str = "code") -> CodesCheck:
    """The batch's estimated entropy per value is at least ``minimum`` bits (never quotes one);
    ``what`` names the values in the failure text."""

    def check(codes: Sequence[str]) -> Violation | None:
        estimate = estimate_entropy(codes)
        if estimate.bits >= minimum:
            return None
        return Violation(
            why,
            f"at least {minimum} bits per {what} (a guess succeeds with probability "
            f"≤ 2^-{minimum})",
            f"about {estimate.bits:.0f} bits: {estimate.characters} varying characters from an "
            f"alphabet of {estimate.alphabet}, estimated from {len(codes)} {what}s",
            ref,
        )

    return check


def all_distinct(what: str, ref: str, why: str) -> CodesCheck:
    """No value occurs twice in the batch (the values themselves are never quoted)."""

    def check(values: Sequence[str]) -> Violation | None:
        distinct = len(set(values))
        if distinct == len(values):
            return None
        return Violation(
            why,
            f"{len(values)} different {what}s",
            f"only {distinct} different values among {len(values)} {what}s",
            ref,
        )

    return check


def vschar_only(what: str, ref: str, why: str) -> CodesCheck:
    """Every value is 1*VSCHAR (%x20-7E; RFC 6749 App. A): the characters outside are named
    (as code points), the values never."""

    def check(values: Sequence[str]) -> Violation | None:
        bad = sorted({ch for value in values for ch in value if not " " <= ch <= "~"})
        empty = sum(1 for value in values if not value)
        if not bad and not empty:
            return None
        found = ", ".join(f"U+{ord(ch):04X}" for ch in bad[:10])
        holding = sum(1 for value in values if any(not " " <= ch <= "~" for ch in value))
        actual = f"{holding} of {len(values)} {what}s hold {found}" if bad else ""
        if empty:
            actual += ("; " if actual else "") + f"{empty} empty {what}s"
        return Violation(why, f"{what}s of visible ASCII only (VSCHAR, %x20-7E)", actual, ref)

    return check
