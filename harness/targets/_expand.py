"""``${VAR}`` and ``${VAR:-default}`` in target files (``$$`` is a literal dollar)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

_TOKEN = re.compile(r"\$\$|\$\{([^}]*)\}|\$\{")
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


class ExpansionError(ValueError):
    """A one-line problem with a reference (the caller adds file and key)."""


@dataclass(frozen=True)
class Reference:
    name: str
    default: str | None  # None: no ":-" part


@dataclass(frozen=True)
class Expanded:
    value: str
    references: tuple[Reference, ...]
    literal: bool  # some of the value came from the file itself, not from a reference


def expand(text: str, environ: Mapping[str, str]) -> Expanded:
    """Replace each reference with its variable (or default when unset or empty, as in sh)."""
    out: list[str] = []
    references: list[Reference] = []
    literal = False
    position = 0
    for match in _TOKEN.finditer(text):
        literal = literal or match.start() > position
        out.append(text[position : match.start()])
        position = match.end()
        if match.group(0) == "$$":
            out.append("$")
            literal = True
            continue
        if match.group(1) is None:
            raise ExpansionError("unclosed '${' (write '$$' for a literal dollar)")
        reference = _parse(match.group(1))
        references.append(reference)
        value = environ.get(reference.name, "")
        if value == "" and reference.default is None:
            state = "is empty" if reference.name in environ else "is not set"
            raise ExpansionError(f"environment variable {reference.name} {state}")
        out.append(value if value != "" else (reference.default or ""))
    literal = literal or position < len(text)
    out.append(text[position:])
    return Expanded("".join(out), tuple(references), literal)


def _parse(inner: str) -> Reference:
    name, sep, default = inner.partition(":-")
    if not _NAME.fullmatch(name):
        # The text is not echoed: it may be a secret typed in the wrong place.
        raise ExpansionError("a reference must read ${NAME} or ${NAME:-default}")
    if "${" in default:
        raise ExpansionError("a default cannot hold another reference (${A:-${B}} is not expanded)")
    return Reference(name, default if sep else None)
