"""Thin glue from Flask to Authlib: an OAuth2Request built from exactly the parameters we choose.

Values are decoded with ``surrogateescape`` so any byte sequence a client sends comes back out
unchanged (``state`` is echoed byte for byte), and empty values are dropped on the way in
(RFC 6749 §3.1: "Parameters sent without a value MUST be treated as if they were omitted").
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from urllib.parse import parse_qsl, quote, urlencode

from authlib.oauth2.rfc6749 import OAuth2Payload, OAuth2Request
from werkzeug.datastructures import Headers

# The parameters the authorization endpoint understands; any other is ignored (RFC 6749 §3.1).
AUTHORIZE_PARAMS = (
    "response_type",
    "client_id",
    "redirect_uri",
    "scope",
    "state",
    "code_challenge",
    "code_challenge_method",
)


def parse_pairs(raw: bytes) -> list[tuple[str, str]]:
    """``a=1&b=%FF`` → pairs, losslessly (invalid UTF-8 survives as surrogates)."""
    text = raw.decode("utf-8", "surrogateescape")
    return parse_qsl(text, keep_blank_values=True, encoding="utf-8", errors="surrogateescape")


def encode_pairs(pairs: Iterable[tuple[str, str]]) -> str:
    """The inverse of parse_pairs, percent-encoding everything outside the unreserved set."""
    return urlencode(list(pairs), quote_via=quote, safe="", errors="surrogateescape")


def add_query(uri: str, params: Iterable[tuple[str, str]]) -> str:
    """Append parameters to a redirect URI's query (RFC 6749 §4.1.2: keep its own query)."""
    base = uri.partition("#")[0]
    base = quote(base, safe="!#$%&'()*+,/:;=?@[]~", errors="surrogateescape")
    sep = "" if base.endswith(("?", "&")) else ("&" if "?" in base else "?")
    return base + sep + encode_pairs(params)


class MockPayload(OAuth2Payload):  # type: ignore[misc]
    def __init__(self, pairs: Iterable[tuple[str, str]]) -> None:
        datalist: defaultdict[str, list[str]] = defaultdict(list)
        for key, value in pairs:
            if value != "":  # RFC 6749 §3.1: empty means omitted
                datalist[key].append(value)
        self._datalist = datalist
        self._data = {key: values[0] for key, values in datalist.items()}

    @property
    def data(self) -> dict[str, str]:
        return self._data

    @property
    def datalist(self) -> defaultdict[str, list[str]]:
        return self._datalist

    def repeated(self, names: Iterable[str] | None = None) -> str | None:
        """The first parameter (of ``names``, default all) sent more than once."""
        for name in names if names is not None else list(self._datalist):
            if len(self._datalist.get(name, ())) > 1:
                return name
        return None


class MockRequest(OAuth2Request):  # type: ignore[misc]
    """An Authlib request whose parameters are exactly ``pairs``.

    ``uri`` is the issuer plus the path, never the Host header the client sent, so a forged
    Host cannot change what the server believes its own address is.
    """

    def __init__(
        self,
        method: str,
        uri: str,
        headers: Mapping[str, str] | Headers,
        pairs: Iterable[tuple[str, str]],
    ) -> None:
        super().__init__(method, uri, headers=headers)
        self.sent = tuple(pairs)  # as received, empty values included
        self.payload = MockPayload(self.sent)

    @property
    def args(self) -> dict[str, str]:
        return self.payload.data

    @property
    def form(self) -> dict[str, str]:
        return self.payload.data
