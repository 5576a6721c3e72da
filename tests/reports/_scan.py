"""Every readable text of every file under a reports directory, and the secrets found in it.

A file is read as raw text (UTF-8, undecodable bytes replaced, so an ASCII secret inside a
binary file still shows), a zip (a Playwright trace, an Allure attachment) as each of its
entries, recursively, JSON and JSON lines also as their decoded strings (``\\u`` escapes
undone), and XML (JUnit) as its decoded text and attribute values.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from xml.etree import ElementTree

from harness.evidence._patterns import variants


def _json_strings(node: object) -> Iterator[str]:
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for key, value in node.items():
            yield str(key)
            yield from _json_strings(value)
    elif isinstance(node, list):
        for item in node:
            yield from _json_strings(item)


def _decoded(text: str) -> Iterator[str]:
    stripped = text.lstrip()
    if stripped[:1] in ("{", "["):
        try:
            yield "\n".join(_json_strings(json.loads(text)))
            return
        except ValueError:
            pass
        strings: list[str] = []
        for line in text.splitlines():
            try:
                strings.extend(_json_strings(json.loads(line)))
            except ValueError:
                continue
        if strings:
            yield "\n".join(strings)
    elif stripped.startswith("<?xml") or stripped.startswith("<testsuite"):
        try:
            root = ElementTree.fromstring(text)
        except ElementTree.ParseError:
            return
        pieces: list[str] = []
        for element in root.iter():
            pieces.extend(element.attrib.values())
            pieces.extend(t for t in (element.text, element.tail) if t)
        yield "\n".join(pieces)


def texts(name: str, data: bytes) -> Iterator[tuple[str, str]]:
    """(where, text) for every way a file's content can be read."""
    if data[:4] == b"PK\x03\x04":
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            for entry in archive.namelist():
                yield from texts(f"{name}!{entry}", archive.read(entry))
        return
    text = data.decode("utf-8", "replace")
    yield name, text
    for decoded in _decoded(text):
        yield f"{name} (decoded)", decoded


def files(directory: Path) -> Iterator[tuple[str, bytes]]:
    for path in sorted(directory.rglob("*")):
        if path.is_file():
            yield str(path.relative_to(directory)), path.read_bytes()


def leaks(directory: Path, secrets: Iterable[tuple[str, str]]) -> list[str]:
    """One line per (file or zip entry, secret) where any known encoding of the secret shows."""
    forms: dict[str, tuple[str, str]] = {}
    for kind, value in secrets:
        for form in variants(value):
            forms.setdefault(form, (kind, value))
    if not forms:
        return []
    pattern = re.compile("|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True)))
    found: dict[tuple[str, str], str] = {}
    for name, data in files(directory):
        for where, text in texts(name, data):
            for match in pattern.finditer(text):
                kind, value = forms[match.group(0)]
                where_file = where.removesuffix(" (decoded)")
                context = text[max(0, match.start() - 60) : match.end() + 20]
                found.setdefault((where_file, value), f"{where}: {kind} {value!r} in …{context}…")
    return sorted(found.values())
