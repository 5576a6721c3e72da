"""Strict reading of one TOML table: known keys only, typed values, one-line errors."""

from __future__ import annotations

import difflib
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from harness.targets._expand import ExpansionError, expand
from harness.targets._model import TargetError


@dataclass(frozen=True)
class Context:
    source: Path
    environ: Mapping[str, str]
    remote: bool  # remote targets may hold secrets only as ${ENV} references


_TYPE_NAMES: dict[type, str] = {
    bool: "a boolean",
    int: "an integer",
    float: "a number",
    str: "a string",
    list: "an array",
    dict: "a table",
}


def _type_name(value: object) -> str:
    return _TYPE_NAMES.get(type(value), type(value).__name__)


class Table:
    """One table of the file; ``where`` is how errors name it (``clients.primary``)."""

    def __init__(
        self,
        context: Context,
        where: str,
        data: Mapping[str, object],
        allowed: Sequence[str] | None,
        hints: Mapping[str, str] | None = None,
    ) -> None:
        """``allowed=None``: any key (a free-form table such as a probe's headers)."""
        self.context = context
        self.where = where
        self.data = data
        for key in data:
            if key in (hints or {}):
                raise self.error(key, (hints or {})[key])
            if allowed is not None and key not in allowed:
                raise self.unknown(key, allowed)

    def _prefix(self) -> str:
        table = f" [{self.where}]" if self.where else ""
        return f"{self.context.source}:{table}"

    def error(self, key: str, problem: str) -> TargetError:
        return TargetError(f"{self._prefix()} {key}: {problem}")

    def shown(self, key: str, value: str) -> str:
        """``value`` quoted for an error message, as the file wrote it when it came from a
        ``${...}`` reference: the expanded text may be a secret typed in the wrong place."""
        raw = self.data.get(key)
        text = raw if isinstance(raw, str) and "${" in raw else value
        return repr(text if len(text) <= 200 else text[:200] + "…")

    def unknown(self, key: str, allowed: Sequence[str], what: str = "key") -> TargetError:
        close = difflib.get_close_matches(key, list(allowed), n=1, cutoff=0.6)
        hint = f" (did you mean '{close[0]}'?)" if close else f" (known: {', '.join(allowed)})"
        return TargetError(f"{self._prefix()} unknown {what} '{key}'{hint}")

    def missing(self, key: str) -> TargetError:
        return TargetError(f"{self._prefix()} missing required key '{key}'")

    # -- values ---------------------------------------------------------------------------

    def raw(self, key: str, kind: type | tuple[type, ...], required: bool = False) -> object:
        if key not in self.data:
            if required:
                raise self.missing(key)
            return None
        value = self.data[key]
        # bool is an int subclass in Python, but not a TOML integer.
        if not isinstance(value, kind) or (isinstance(value, bool) and kind in (int, (int, float))):
            expected = _TYPE_NAMES[kind[-1] if isinstance(kind, tuple) else kind]
            raise self.error(key, f"expected {expected}, got {_type_name(value)}")
        return value

    def text(self, key: str, *, secret: bool = False) -> str | None:
        """An optional string, ``${ENV}``-expanded; secrets follow the remote-target rule."""
        value = self.raw(key, str)
        if value is None:
            return None
        assert isinstance(value, str)
        try:
            expanded = expand(value, self.context.environ)
        except ExpansionError as exc:
            raise self.error(key, str(exc)) from None
        if secret and self.context.remote:
            if expanded.literal or len(expanded.references) != 1:
                raise self.error(
                    key,
                    "a remote target must not hold a literal secret; "
                    'write "${SOME_VAR}" and export SOME_VAR',
                )
            if expanded.references[0].default:
                raise self.error(
                    key, "a remote target must not hold a secret as a default; drop the ':-…'"
                )
        return expanded.value

    def required_text(self, key: str, *, secret: bool = False) -> str:
        value = self.text(key, secret=secret)
        if value is None:
            raise self.missing(key)
        if value == "":
            raise self.error(key, "must not be empty")
        return value

    def choice(self, key: str, choices: Sequence[str], default: str | None = None) -> str:
        value = self.text(key)
        if value is None:
            if default is None:
                raise self.missing(key)
            return default
        if value not in choices:
            close = difflib.get_close_matches(value, list(choices), n=1, cutoff=0.6)
            hint = f"did you mean '{close[0]}'? " if close else ""
            raise self.error(
                key, f"unknown value {self.shown(key, value)} ({hint}known: {', '.join(choices)})"
            )
        return value

    def flag(self, key: str, default: bool) -> bool:
        value = self.raw(key, bool)
        return default if value is None else bool(value)

    def integer(self, key: str, default: int, low: int, high: int) -> int:
        value = self.raw(key, int)
        if value is None:
            return default
        assert isinstance(value, int)
        if not low <= value <= high:
            raise self.error(key, f"{value} is outside {low}..{high}")
        return value

    def number(self, key: str, default: float, maximum: float = 3600.0) -> float:
        """A finite number of seconds in (0, ``maximum``]."""
        value = self.raw(key, (int, float))
        if value is None:
            return default
        assert isinstance(value, int | float)
        if not math.isfinite(value) or value <= 0:
            raise self.error(key, f"must be a number greater than 0, got {value}")
        if value > maximum:
            raise self.error(key, f"{value} is more than {maximum:g}")
        return float(value)

    def url(self, key: str, *, relative: bool = True, required: bool = False) -> str | None:
        """An absolute http(s) URL or, when ``relative``, a path starting with ``/``."""
        value = self.required_text(key) if required else self.text(key)
        if value is None:
            return None
        shown = self.shown(key, value)
        if "#" in value:
            # RFC 6749 §3.1, §3.1.2: endpoint and redirection URIs carry no fragment.
            raise self.error(key, f"{shown} has a fragment (RFC 6749 §3.1 forbids it)")
        if relative and value.startswith("/") and not value.startswith("//"):
            return value
        try:
            parts = urlsplit(value)
            port = parts.port
        except ValueError as exc:
            raise self.error(key, f"{shown} is not a valid URL ({exc})") from None
        if parts.scheme not in ("http", "https") or not parts.hostname:
            shape = "an http(s) URL or a path starting with '/'" if relative else "an http(s) URL"
            raise self.error(key, f"{shown} is not {shape}")
        if port == 0:
            raise self.error(key, f"{shown} has port 0, which no request can reach")
        if parts.username is not None or parts.password is not None:
            raise self.error(key, f"{shown} has a user part; write the URL without it")
        return value

    def table(
        self,
        key: str,
        allowed: Sequence[str] | None,
        *,
        required: bool = False,
        hints: Mapping[str, str] | None = None,
    ) -> Table | None:
        value = self.raw(key, dict, required=required)
        if value is None:
            return None
        assert isinstance(value, dict)
        return Table(self.context, self._child(key), value, allowed, hints)

    def required_table(
        self, key: str, allowed: Sequence[str] | None, hints: Mapping[str, str] | None = None
    ) -> Table:
        table = self.table(key, allowed, required=True, hints=hints)
        if table is None:  # never: a required table is present or raise()d
            raise self.missing(key)
        return table

    def tables(self, key: str, allowed: Sequence[str]) -> list[Table]:
        """An array of tables (``[[browser.pages]]``); errors name the entry by its number."""
        value = self.raw(key, list)
        entries: list[Table] = []
        for index, entry in enumerate(value if isinstance(value, list) else [], start=1):
            if not isinstance(entry, dict):
                raise self.error(key, f"entry #{index} must be a table, got {_type_name(entry)}")
            where = f"{self._child(key)} #{index}"
            entries.append(Table(self.context, where, entry, allowed))
        return entries

    def _child(self, key: str) -> str:
        return f"{self.where}.{key}" if self.where else key
