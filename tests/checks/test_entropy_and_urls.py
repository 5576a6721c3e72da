"""Code entropy estimates (RFC 6749 §10.10), duplicate codes, tokens and fragments in URLs,
and unexpected parameters on an error redirect."""

import math
import secrets
import string

import pytest

from harness.checks import (
    all_distinct,
    entropy_at_least,
    estimate_entropy,
    no_tokens_in_urls,
    only_params,
    params_not_in_fragment,
)


def batch(make, n=12):
    return [make() for _ in range(n)]


def test_random_base64url_codes_count_every_character():
    codes = batch(lambda: secrets.token_urlsafe(32))  # 43 characters, 256 bits
    estimate = estimate_entropy(codes)
    assert estimate.alphabet == 64
    assert estimate.characters >= 42  # a position may repeat by chance in a small batch
    assert estimate.bits >= 250


def test_six_digit_codes_are_about_twenty_bits():
    codes = batch(lambda: f"{secrets.randbelow(10**6):06d}")
    estimate = estimate_entropy(codes)
    assert estimate.alphabet == 10
    assert estimate.bits <= 6 * math.log2(10) + 1e-9


def test_shared_structure_counts_for_nothing():
    codes = batch(lambda: "ac_" + secrets.token_hex(8) + ".v1")  # 64 random bits
    estimate = estimate_entropy(codes)
    assert estimate.alphabet == 16
    assert estimate.bits <= 64 + 1e-9
    assert estimate.bits >= 56


def test_varying_lengths_strip_the_common_prefix_and_suffix():
    codes = ["hdr." + "a" * n + secrets.token_hex(10) + ".sig" for n in range(12)]
    estimate = estimate_entropy(codes)
    assert estimate.characters <= 20
    assert estimate.alphabet == 16


def test_identical_codes_have_no_entropy():
    assert estimate_entropy(["same-code"] * 5).bits == 0.0


@pytest.mark.parametrize(
    ("chars", "size"),
    [("0123", 10), ("0af", 16), ("0AF", 16), ("aF", 22), ("az09", 36), ("aZ9", 62), ("a-_", 64)],
)
def test_the_alphabet_is_the_smallest_usual_one_holding_the_characters(chars, size):
    # Each position varies across the two codes, so every character is a varying one.
    codes = [chars, chars[1:] + chars[0]]
    assert estimate_entropy(codes).alphabet == size


def test_entropy_check_quotes_the_estimate_never_a_code():
    codes = batch(lambda: f"{secrets.randbelow(10**6):06d}")
    violation = entropy_at_least(128, "RFC6749-10.10", "Codes are guessable")(codes)
    assert violation is not None
    assert violation.ref == "RFC6749-10.10"
    assert "2^-128" in violation.expected
    assert "from 12 codes" in violation.actual
    assert not any(code in violation.actual for code in codes)
    strong = batch(lambda: secrets.token_urlsafe(32))
    assert entropy_at_least(160, "RFC6749-10.10", "x")(strong) is None


def test_all_distinct_counts_repeats():
    assert all_distinct("code", "RFC6749-10.10", "x")(["a1", "b2", "c3"]) is None
    violation = all_distinct("code", "RFC6749-10.10", "Codes repeat")(["k1", "k1", "k2"])
    assert violation is not None
    assert violation.actual == "only 2 different values among 3 codes"
    assert "k1" not in violation.actual


CB = "http://127.0.0.1:5000/callback"


def test_tokens_in_the_query_or_fragment_are_found_by_name():
    check = no_tokens_in_urls("RFC9700-2.1.2", "Token in a URL")
    assert check([f"{CB}?code=c&state=s", "http://as.example/authorize?a=1#x=y"]) is None
    in_fragment = check([f"{CB}?code=c&state=s#access_token=SECRET&token_type=Bearer"])
    assert in_fragment is not None
    assert in_fragment.actual.startswith("access_token in the fragment of")
    assert "SECRET" not in in_fragment.actual
    in_query = check([f"{CB}?code=c&refresh_token=SECRET"])
    assert in_query is not None
    assert "refresh_token in the query" in in_query.actual
    assert "SECRET" not in in_query.actual


def test_error_parameters_in_the_fragment_are_found():
    check = params_not_in_fragment(("error", "state"), "RFC6749-4.1.2.1", "In the fragment")
    assert check([f"{CB}?error=access_denied&state=s"]) is None
    violation = check([f"{CB}#error=access_denied&state=s"])
    assert violation is not None
    assert violation.expected == "error, state in the query component"
    assert violation.actual.startswith("error, state in the fragment of")


def test_only_params_lists_the_unexpected_ones():
    allowed = {"error", "error_description", "error_uri", "state", "iss", "app"}
    check = only_params(allowed, "RFC6749-4.1.2.1", "Unexpected parameters")
    assert check(f"{CB}?app=1&error=access_denied&state=s&iss=x") is None
    violation = check(f"{CB}?error=access_denied&code=c&session_state=z")
    assert violation is not None
    assert violation.actual == "also code, session_state"


def test_usual_alphabets_cover_printable_ascii():
    codes = [string.punctuation, string.punctuation[1:] + string.punctuation[0]]
    assert estimate_entropy(codes).alphabet == len(string.printable.strip())
