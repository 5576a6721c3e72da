"""Malformed ``Authorization`` headers that carry a real access token (RFC 6750 §2.1, §3.1).

Each form is built from the token the flow really got, so a lenient parser that digs the token
out of a malformed header is served, and a strict one refuses. None of them is well-formed:
``credentials = "Bearer" 1*SP b64token`` in exactly one header field (RFC 6750 §2.1; RFC 9110
§5.3: Authorization is not a list field, so two field lines are two conflicting credentials).
Several spaces after the scheme ARE well-formed (1*SP) and are never generated as a malformed
form; a tab there is left out too (RFC 9110 treats SP and HTAB alike as whitespace in most
grammars, so accepting it is no finding); a token made long is well-formed but unknown.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from hypothesis import strategies as st

# RFC 6750 §2.1: b64token = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="
NOT_B64TOKEN = ('"', ",", ";", "\\", "!", "%", "@", "(", "<", "{", "#", "'", "*", ":")
LONG_TOKEN_CHARS = 8192  # over common 8 KiB header-line limits: 431/400 is fine, 5xx is not


@dataclass(frozen=True)
class HeaderForm:
    """One malformed way to send ``token``: ``values(token)`` are the Authorization field
    lines, in order. Shown by ``name`` only (never the token) in reports and Hypothesis."""

    name: str
    values: Callable[[str], tuple[str, ...]] = field(compare=False)

    def __repr__(self) -> str:
        return f"authorization:{self.name}"


def _one(name: str, build: Callable[[str], str]) -> HeaderForm:
    return HeaderForm(name, lambda token: (build(token),))


CORPUS: tuple[HeaderForm, ...] = (
    _one("bearer-without-token", lambda t: "Bearer"),
    _one("two-tokens", lambda t: f"Bearer {t} {t}"),
    _one("token-then-junk", lambda t: f"Bearer {t} x"),
    _one("comma-joined-credentials", lambda t: f"Bearer {t}, Bearer {t}"),
    _one("quoted-token", lambda t: f'Bearer "{t}"'),
    _one("auth-param-form", lambda t: f"Bearer access_token={t}"),
    _one("trailing-comma", lambda t: f"Bearer {t},"),
    _one("quote-inside-token", lambda t: f'Bearer {t[: len(t) // 2]}"{t[len(t) // 2 :]}'),
    _one("no-space-after-scheme", lambda t: f"Bearer{t}"),
    _one("colon-after-scheme", lambda t: f"Bearer:{t}"),
    _one("basic-scheme", lambda t: f"Basic {t}"),
    _one("very-long-token", lambda t: "Bearer " + (t * (LONG_TOKEN_CHARS // max(len(t), 1) + 1))),
    HeaderForm("duplicate-header-invalid-first", lambda t: ("Bearer invalid", f"Bearer {t}")),
    HeaderForm("duplicate-header-invalid-last", lambda t: (f"Bearer {t}", "Bearer invalid")),
)

_SCHEMES = ("Bearer", "bearer", "BEARER", "Basic", "Token", "Bearer:", "Bearer,", "access_token")
_SEPARATORS = (" ", "  ", "", ", ", "=", ":")
_SHAPES: dict[str, Callable[[str, str], str]] = {
    "token": lambda t, c: t,
    "token+char": lambda t, c: t + c,
    "char+token": lambda t, c: c + t,
    "char-inside": lambda t, c: t[: len(t) // 2] + c + t[len(t) // 2 :],
    "quoted": lambda t, c: f"{c}{t}{c}",
    "token-space-token": lambda t, c: f"{t} {t}",
    "token-char-token": lambda t, c: f"{t}{c}{t}",
    "token-space-char": lambda t, c: f"{t} {c}",
}
_SECOND = (None, "Bearer invalid", "Basic dXNlcjpwYXNz")


Recipe = tuple[str, str, str, str, str | None, bool]


def _well_formed(recipe: Recipe) -> bool:
    scheme, separator, shape, _char, second, _first = recipe
    return (scheme.lower() == "bearer" and separator.strip(" ") == "" and separator != "") and (
        shape == "token" and second is None
    )


def _form(recipe: Recipe) -> HeaderForm:
    scheme, separator, shape, char, second, first_last = recipe
    build = _SHAPES[shape]

    def values(token: str) -> tuple[str, ...]:
        mine = f"{scheme}{separator}{build(token, char)}"
        if second is None:
            return (mine,)
        return (mine, second) if first_last else (second, mine)

    shown = f"[{scheme}][{separator!r}][{shape}:{char!r}]"
    if second is not None:
        shown += f"+[{second.split()[0]} ...]{'after' if first_last else 'before'}"
    return HeaderForm(shown, values)


def generated() -> st.SearchStrategy[HeaderForm]:
    """Recombinations of scheme, separator, token shape, a non-b64token character and a second
    header line; the one well-formed combination ("Bearer" 1*SP token, alone) is left out."""
    recipes = st.tuples(
        st.sampled_from(_SCHEMES),
        st.sampled_from(_SEPARATORS),
        st.sampled_from(sorted(_SHAPES)),
        st.sampled_from(NOT_B64TOKEN),
        st.sampled_from(_SECOND),
        st.booleans(),
    )
    return recipes.filter(lambda recipe: not _well_formed(recipe)).map(_form)
