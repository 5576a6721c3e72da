"""Redirect URIs as registered: the three forms, chosen by what the target file says."""

from __future__ import annotations

import pytest

from harness.targets import RedirectUriError, redirect_uri


@pytest.mark.parametrize(
    ("uri", "policy", "form", "port"),
    [
        ("http://127.0.0.1/callback", None, "loopback-any-port", None),
        ("http://[::1]/callback", None, "loopback-any-port", None),
        ("http://localhost/cb", "any", "loopback-any-port", None),
        ("http://127.0.0.1/callback", "as-registered", "loopback-fixed-port", 80),
        ("http://localhost/cb", None, "loopback-fixed-port", 80),  # not an IP literal (§7.3)
        ("http://127.0.0.1:8765/callback", None, "loopback-fixed-port", 8765),
        ("http://localhost:3000/cb", None, "loopback-fixed-port", 3000),
        ("http://[::1]:8765/callback", None, "loopback-fixed-port", 8765),
        ("https://app.example.com/oauth/callback", None, "app-uri", 443),
        ("https://127.0.0.1:8443/cb", None, "app-uri", 8443),  # TLS: no plain listener there
        ("http://app.example.com:8080/cb", None, "app-uri", 8080),
    ],
)
def test_each_uri_takes_the_form_its_file_gives(
    uri: str, policy: str | None, form: str, port: int | None
) -> None:
    redirect = redirect_uri(uri, policy)  # type: ignore[arg-type]
    assert (redirect.form, redirect.port, redirect.registered) == (form, port, uri)
    assert redirect.describe()


def test_only_the_any_port_form_is_moved_and_ipv6_keeps_its_brackets() -> None:
    assert redirect_uri("http://[::1]/cb?x=1", None).with_port(4321) == "http://[::1]:4321/cb?x=1"
    assert redirect_uri("http://127.0.0.1/cb", None).with_port(4321) == "http://127.0.0.1:4321/cb"
    with pytest.raises(ValueError, match="sent as registered"):
        redirect_uri("http://127.0.0.1:8765/cb", None).with_port(1)


@pytest.mark.parametrize(
    "uri", ["https://app.example.com/cb", "http://127.0.0.1:8765/cb", "https://127.0.0.1/cb"]
)
def test_any_port_is_refused_where_it_cannot_apply(uri: str) -> None:
    with pytest.raises(RedirectUriError) as info:
        redirect_uri(uri, "any")
    assert "\n" not in str(info.value)
