"""RFC 8414 discovery against a stand-in metadata server (httpx.MockTransport, no network)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import httpx
import pytest

from harness.targets import Target, TargetError, discover, load_target, well_known_url

ISSUER = "https://as.example.com/tenant"
WELL_KNOWN = "https://as.example.com/.well-known/oauth-authorization-server/tenant"
METADATA = {
    "issuer": ISSUER,
    "authorization_endpoint": "https://as.example.com/tenant/authorize",
    "token_endpoint": "https://as.example.com/tenant/token",
    "revocation_endpoint": "https://as.example.com/tenant/revoke",
    "code_challenge_methods_supported": ["S256"],
    "authorization_response_iss_parameter_supported": True,
}
FILE = f"""\
kind = "remote"

[endpoints]
issuer = "{ISSUER}"
discover = true
{{endpoints}}

[clients.primary]
id = "client-one.client.test"
redirect_uri = "http://127.0.0.1/callback"

[api.probe]
url = "/api/me"

{{capabilities}}
"""


def target(tmp_path: Path, endpoints: str = "", capabilities: str = "") -> Target:
    path = tmp_path / "t.toml"
    path.write_text(FILE.format(endpoints=endpoints, capabilities=capabilities), encoding="utf-8")
    return load_target(path, {})


def server(
    body: object = METADATA, status: int = 200, seen: list[str] | None = None
) -> httpx.Client:
    def handle(request: httpx.Request) -> httpx.Response:
        if seen is not None:
            seen.append(str(request.url))
        if isinstance(body, bytes):
            return httpx.Response(status, content=body)
        return httpx.Response(status, json=body)

    return httpx.Client(transport=httpx.MockTransport(handle))


def failing(error: Callable[[httpx.Request], Exception]) -> httpx.Client:
    def handle(request: httpx.Request) -> httpx.Response:
        raise error(request)

    return httpx.Client(transport=httpx.MockTransport(handle))


def test_well_known_url_goes_between_host_and_path() -> None:
    # RFC 8414 §3.1
    assert well_known_url(ISSUER) == WELL_KNOWN
    assert well_known_url("https://as.example.com") == (
        "https://as.example.com/.well-known/oauth-authorization-server"
    )
    assert well_known_url("https://as.example.com/") == (
        "https://as.example.com/.well-known/oauth-authorization-server"
    )


def test_discovery_fills_endpoints_and_capabilities(tmp_path: Path) -> None:
    loaded = target(tmp_path)
    assert (loaded.endpoints.authorization, loaded.endpoints.token) == ("", "")
    seen: list[str] = []
    found = discover(loaded, server(seen=seen))
    assert seen == [WELL_KNOWN]
    assert found.endpoints.authorization == METADATA["authorization_endpoint"]
    assert found.endpoints.token == METADATA["token_endpoint"]
    assert found.endpoints.revocation == METADATA["revocation_endpoint"]
    assert found.endpoints.metadata == WELL_KNOWN
    caps = found.capabilities
    assert caps.pkce
    assert caps.iss_parameter
    assert caps.revocation
    assert caps.metadata


def test_absent_metadata_fields_mean_unsupported(tmp_path: Path) -> None:
    minimal = {k: METADATA[k] for k in ("issuer", "authorization_endpoint", "token_endpoint")}
    found = discover(target(tmp_path), server(minimal))
    caps = found.capabilities
    assert not caps.pkce
    assert not caps.iss_parameter
    assert not caps.revocation
    assert found.endpoints.revocation is None


def test_file_values_win_over_metadata(tmp_path: Path) -> None:
    loaded = target(
        tmp_path,
        endpoints='token = "/pinned-token"',
        capabilities="[capabilities]\npkce = false\n",
    )
    found = discover(loaded, server())
    assert found.endpoints.token == f"{ISSUER}/pinned-token"
    assert found.endpoints.authorization == METADATA["authorization_endpoint"]
    assert found.capabilities.pkce is False
    assert found.capabilities.iss_parameter is True


def test_explicit_metadata_url_is_used(tmp_path: Path) -> None:
    seen: list[str] = []
    discover(target(tmp_path, endpoints='metadata = "/meta.json"'), server(seen=seen))
    assert seen == [f"{ISSUER}/meta.json"]


@pytest.mark.parametrize(
    ("client", "problem"),
    [
        (server({**METADATA, "issuer": "https://evil.example"}), "issuer 'https://evil.example' is not the configured"),  # noqa: E501
        (server(status=404), "HTTP 404, expected 200 (RFC 8414 §3.2)"),
        (server(b"<html>"), "the body is not JSON"),
        (server(["not", "an", "object"]), "the body is not a JSON object"),
        (server({**METADATA, "token_endpoint": None}), "token_endpoint is missing (RFC 8414 §2)"),
        (server({**METADATA, "authorization_endpoint": "/relative"}), "authorization_endpoint is not an absolute http(s) URL"),  # noqa: E501
        (failing(lambda r: httpx.ConnectError("refused", request=r)), "ConnectError: refused"),
    ],
)  # fmt: skip
def test_metadata_failures_are_one_line(tmp_path: Path, client: httpx.Client, problem: str) -> None:
    with pytest.raises(TargetError) as caught:
        discover(target(tmp_path), client)
    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith(f"{tmp_path / 't.toml'}: [endpoints] discover: metadata at ")
    assert problem in message


def test_discovery_needs_a_known_issuer() -> None:
    mock = load_target(Path(__file__).resolve().parents[2] / "fixtures/targets/mock.toml", {})
    with pytest.raises(
        TargetError, match=r"the issuer is not known yet \(call with_issuer first\)"
    ):
        discover(mock, server())


def test_discovery_of_the_mock_after_binding(tmp_path: Path) -> None:
    mock = load_target(Path(__file__).resolve().parents[2] / "fixtures/targets/mock.toml", {})
    bound = mock.with_issuer("http://127.0.0.1:4000")
    meta = {**METADATA, "issuer": "http://127.0.0.1:4000"}
    seen: list[str] = []
    found = discover(bound, server(meta, seen=seen))
    assert seen == ["http://127.0.0.1:4000/.well-known/oauth-authorization-server"]
    assert found.endpoints.token == "http://127.0.0.1:4000/oauth2/token"  # the file's value wins
