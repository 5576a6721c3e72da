"""The redirect-URI attack families: built from the URI really sent, never equal to it."""

from __future__ import annotations

import pytest

from harness.attacks import ATTACKER_HOST, Sent, budget, corpus, explore, generated

SENT_FORMS = [
    "http://127.0.0.1:40123/callback",
    "http://[::1]:40123/callback",
    "http://localhost:3000/cb",
    "https://app.example.com/oauth/callback",
    "https://app.example.com:8443/cb?tenant=one",
]
FAMILIES = ["path", "authority", "scheme-and-case", "pollution", "malformed"]


@pytest.mark.parametrize("sent", SENT_FORMS)
def test_sent_parses_and_rebuilds_to_itself(sent: str) -> None:
    assert Sent.parse(sent).build() == sent


@pytest.mark.parametrize("family", FAMILIES)
@pytest.mark.parametrize("sent", SENT_FORMS)
def test_every_variant_differs_from_the_uri_sent(sent: str, family: str) -> None:
    variants = [m.apply(sent) for m in corpus(family, sent)]
    assert sent not in variants
    assert len(set(variants)) == len(variants), "two payloads of one family coincide"


@pytest.mark.parametrize("sent", SENT_FORMS)
def test_variants_keep_the_port_the_flow_sends(sent: str) -> None:
    port = Sent.parse(sent).port
    kept = [m.apply(sent) for m in corpus("path", sent)]
    assert all(port in v for v in kept)


def test_the_field_cases_are_in_the_corpus() -> None:
    sent = "http://127.0.0.1:40123/callback"
    authority = {repr(m): m.apply(sent) for m in corpus("authority", sent)}
    assert authority["authority:userinfo-port-confusion"] == (
        f"http://127.0.0.1:1@{ATTACKER_HOST}/callback"
    )
    assert authority["authority:userinfo-host"] == f"http://127.0.0.1@{ATTACKER_HOST}/callback"
    malformed = {repr(m): m.apply(sent) for m in corpus("malformed", sent)}
    assert malformed["malformed:encoded-hash-in-path"] == sent + "%23!/signin"
    assert malformed["malformed:unclosed-ipv6-bracket"] == "http://[::1"


def test_loopback_ip_forms_apply_only_to_their_address() -> None:
    v4 = {repr(m) for m in corpus("authority", "http://127.0.0.1:1/cb")}
    v6 = {repr(m) for m in corpus("authority", "http://[::1]:1/cb")}
    named = {repr(m) for m in corpus("authority", "https://app.example.com/cb")}
    assert "authority:ipv4-decimal" in v4
    assert "authority:ipv4-decimal" not in v6
    assert "authority:ipv6-expanded" in v6
    assert {"authority:sibling-host", "authority:port-changed"} <= named
    assert "authority:port-changed" not in v4  # RFC 8252 §7.3: a loopback port may vary


def test_explore_runs_the_corpus_first_then_the_same_search_every_time() -> None:
    sent = "http://127.0.0.1:40123/callback"
    runs: list[list[str]] = []
    for _ in range(2):
        seen: list[object] = []
        explore(seen.append, corpus("path", sent), generated("path"), examples=6)
        runs.append([repr(m) for m in seen])
    listed = [repr(m) for m in corpus("path", sent)]
    assert runs[0][: len(listed)] == listed
    assert len(listed) < len(runs[0]) <= len(listed) + 6
    assert runs[0] == runs[1]


def test_explore_stops_at_the_first_input_judged_bad() -> None:
    sent = "http://127.0.0.1:40123/callback"
    seen: list[str] = []

    def judge(mutation: object) -> None:
        seen.append(repr(mutation))
        if repr(mutation) == "path:encoded-slash":
            raise AssertionError("refused nothing")

    with pytest.raises(AssertionError, match="refused nothing"):
        explore(judge, corpus("path", sent), generated("path"), examples=6)
    assert seen[-1] == "path:encoded-slash"


def test_explore_without_a_strategy_runs_just_the_corpus() -> None:
    seen: list[str] = []
    listed = corpus("malformed", "http://127.0.0.1:1/cb")
    explore(lambda m: seen.append(repr(m)), listed, generated("malformed"), examples=50)
    assert seen == [repr(m) for m in listed]


@pytest.mark.parametrize("value", ["²", "-1", "abc", "+5", "1e3", "10001"])
def test_a_bad_budget_is_one_line_naming_the_variable(
    monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    monkeypatch.setenv("HARNESS_ATTACK_EXAMPLES", value)
    with pytest.raises(ValueError, match=r"^HARNESS_ATTACK_EXAMPLES=.* from 0 to 10000") as caught:
        budget("mock")
    assert "\n" not in str(caught.value)


def test_the_budget_by_target_kind_and_override(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("HARNESS_ATTACK_EXAMPLES", raising=False)
    monkeypatch.delenv("HYPOTHESIS_PROFILE", raising=False)
    assert budget("mock") > budget("remote") > 0
    monkeypatch.setenv("HYPOTHESIS_PROFILE", "deep")
    assert budget("remote") > budget("mock") - 1
    monkeypatch.setenv("HARNESS_ATTACK_EXAMPLES", " 7 ")
    assert budget("remote") == 7
