from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

_RFC_URL = "https://www.rfc-editor.org/rfc/rfc{number}.html#section-{section}"
_REF = re.compile(r"^RFC(?P<number>\d{4})-(?P<section>\d+(?:\.\d+)*|App\.[A-Z](?:\.\d+)*)$")


class Level(StrEnum):
    """RFC 2119 keyword strength; decides failure, warning or record (see the design's verdicts)."""

    MUST = "MUST"
    SHOULD = "SHOULD"
    MAY = "MAY"

    @property
    def rank(self) -> int:
        return {"MUST": 0, "SHOULD": 1, "MAY": 2}[self.value]


@dataclass(frozen=True, order=True)
class Requirement:
    """One citable rule, e.g. ``RFC6749-4.1.2`` at MUST."""

    ref: str
    level: Level = Level.MUST

    def __post_init__(self) -> None:
        parse_ref(self.ref)

    @property
    def url(self) -> str:
        return ref_url(self.ref)


def parse_ref(ref: str) -> tuple[int, str]:
    """Split ``RFC6749-4.1.2`` into ``(6749, "4.1.2")``; ValueError names a bad reference."""
    match = _REF.match(ref)
    if match is None:
        raise ValueError(
            f"requirement reference {ref!r} is not of the form RFC<number>-<section>, "
            "e.g. RFC6749-4.1.2"
        )
    return int(match["number"]), match["section"]


def ref_url(ref: str) -> str:
    """The rfc-editor.org link to the section a reference names."""
    number, section = parse_ref(ref)
    if section.startswith("App."):
        section = "appendix-" + section.removeprefix("App.")
    return _RFC_URL.format(number=number, section=section)
