"""The metadata step: the document as a dict, a precondition error when it cannot be read, and
a skip for a target without metadata."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from harness.client import OAuthClient, Unavailable
from harness.evidence import Evidence, Redactor
from harness.flows import HttpSession, StepError
from harness.mock import MockServer, MockSettings
from harness.targets import load_target

TARGET = """\
kind = "remote"
[endpoints]
issuer = "{issuer}"
authorization = "/oauth2/authorize"
token = "/oauth2/token"
{metadata}
[clients.primary]
id = "client.test"
redirect_uri = "http://127.0.0.1/callback"
[api.probe]
url = "/api/v1/workspaces"
[capabilities]
metadata = {published}
"""


@pytest.fixture(scope="module")
def mock() -> Iterator[MockServer]:
    with MockServer(MockSettings()) as server:
        yield server


def client(
    tmp_path: Path, issuer: str, *, published: bool = True, metadata: str = ""
) -> OAuthClient:
    path = tmp_path / "t.toml"
    text = TARGET.format(issuer=issuer, metadata=metadata, published=str(published).lower())
    path.write_text(text, encoding="utf-8")
    evidence = Evidence(Redactor(frozenset()))

    def no_browser() -> object:
        raise AssertionError("no browser is needed")

    target = load_target(path, {})
    return OAuthClient(target, HttpSession(evidence), no_browser, no_browser, evidence)  # type: ignore[arg-type]


def test_the_document_is_read_from_the_well_known_url(tmp_path: Path, mock: MockServer) -> None:
    steps = client(tmp_path, mock.issuer)
    assert (
        steps.target.endpoints.metadata == mock.issuer + "/.well-known/oauth-authorization-server"
    )
    assert steps.metadata_document()["issuer"] == mock.issuer
    [exchange] = steps.evidence.exchanges
    assert ("Accept", "application/json") in exchange.request_headers


def test_an_unreadable_document_is_a_precondition_not_a_verdict(
    tmp_path: Path, mock: MockServer
) -> None:
    steps = client(tmp_path, mock.issuer, metadata='metadata = "/no-such-document"')
    with pytest.raises(StepError, match="could not be read \\(HTTP 404, not a JSON object\\)"):
        steps.metadata_document()


def test_a_target_without_metadata_skips(tmp_path: Path, mock: MockServer) -> None:
    steps = client(tmp_path, mock.issuer, published=False)
    with pytest.raises(Unavailable, match="no RFC 8414 metadata URL"):
        steps.metadata()
