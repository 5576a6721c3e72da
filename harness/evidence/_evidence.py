"""The ordered log of one scenario: every exchange, navigation and note, rendered redacted."""

from __future__ import annotations

import threading

from harness.evidence._records import Exchange, Navigation, Note
from harness.evidence._redact import Redactor
from harness.evidence._render import Item, render_curl, render_text


class Evidence:
    """Records items in order and learns their secrets as they arrive.

    Learning on arrival (not at render time) means a token returned by one exchange is already
    known when a later failure message quotes it.
    """

    def __init__(self, redactor: Redactor | None = None) -> None:
        self.redactor = redactor if redactor is not None else Redactor()
        self._items: list[Item] = []
        self._lock = threading.Lock()  # the loopback listener records from its own thread

    def add_exchange(self, exchange: Exchange) -> Exchange:
        self.redactor.learn_from_exchange(exchange)
        with self._lock:
            self._items.append(exchange)
        return exchange

    def add_navigation(self, navigation: Navigation) -> Navigation:
        self.redactor.learn_from_url(navigation.url)
        with self._lock:
            self._items.append(navigation)
        return navigation

    def add_note(self, text: str) -> Note:
        note = Note(text)
        with self._lock:
            self._items.append(note)
        return note

    @property
    def items(self) -> tuple[Item, ...]:
        with self._lock:
            return tuple(self._items)

    @property
    def exchanges(self) -> tuple[Exchange, ...]:
        return tuple(item for item in self.items if isinstance(item, Exchange))

    @property
    def navigations(self) -> tuple[Navigation, ...]:
        return tuple(item for item in self.items if isinstance(item, Navigation))

    def render_text(self) -> str:
        items = self._primed()
        return render_text(items, self.redactor)

    def render_curl(self) -> list[str]:
        return render_curl(self._primed(), self.redactor)

    def _primed(self) -> tuple[Item, ...]:
        # Redacting can learn a value (one found under a sensitive name). A dry run of both
        # renderings first means every occurrence gets its label, before or after the one that
        # taught it, and the same evidence always renders the same.
        items = self.items
        render_text(items, self.redactor)
        render_curl(items, self.redactor)
        return items
