"""TOTP against the RFC 6238 Appendix B and RFC 4226 Appendix D test vectors."""

from __future__ import annotations

import base64

import pytest

from harness.browser import hotp, totp

SEEDS = {
    "sha1": b"12345678901234567890",
    "sha256": b"12345678901234567890123456789012",
    "sha512": b"1234567890" * 6 + b"1234",
}

# RFC 6238 Appendix B: (time, sha1, sha256, sha512), 8 digits, X = 30, T0 = 0.
RFC6238 = [
    (59, "94287082", "46119246", "90693936"),
    (1111111109, "07081804", "68084774", "25091201"),
    (1111111111, "14050471", "67062674", "99943326"),
    (1234567890, "89005924", "91819424", "93441116"),
    (2000000000, "69279037", "90698825", "38618901"),
    (20000000000, "65353130", "77737706", "47863826"),
]


@pytest.mark.parametrize(("at", "sha1", "sha256", "sha512"), RFC6238)
def test_totp_matches_rfc6238_vectors(at: int, sha1: str, sha256: str, sha512: str) -> None:
    for algorithm, expected in (("sha1", sha1), ("sha256", sha256), ("sha512", sha512)):
        secret = base64.b32encode(SEEDS[algorithm]).decode()
        assert totp(secret, at, digits=8, algorithm=algorithm) == expected, algorithm


def test_hotp_matches_rfc4226_vectors() -> None:
    expected = ["755224", "287082", "359152", "969429", "338314"]
    expected += ["254676", "287922", "162583", "399871", "520489"]
    assert [hotp(SEEDS["sha1"], counter) for counter in range(10)] == expected


def test_secret_as_authenticator_apps_show_it() -> None:
    canonical = base64.b32encode(SEEDS["sha1"]).decode().rstrip("=")
    spaced = " ".join(canonical[i : i + 4] for i in range(0, len(canonical), 4)).lower()
    assert totp(spaced, 59) == totp(canonical, 59) == "287082"


def test_code_changes_with_the_time_step() -> None:
    secret = base64.b32encode(SEEDS["sha1"]).decode()
    assert totp(secret, 30) == totp(secret, 59)
    assert totp(secret, 59) != totp(secret, 60)


def test_bad_secret_is_one_line_without_the_secret() -> None:
    with pytest.raises(ValueError, match="not valid base32") as info:
        totp("not base32 at all!", 0)
    assert "at all" not in str(info.value)
