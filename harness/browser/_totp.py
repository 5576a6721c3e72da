"""Time-based one-time passwords (RFC 6238) from a base32 secret, stdlib only."""

from __future__ import annotations

import base64
import hashlib
import hmac
import struct
import time

_DIGESTS = {"sha1": hashlib.sha1, "sha256": hashlib.sha256, "sha512": hashlib.sha512}


def hotp(key: bytes, counter: int, digits: int = 6, algorithm: str = "sha1") -> str:
    """RFC 4226 §5.3: HMAC the big-endian counter, dynamic truncation, modulo 10^digits."""
    mac = hmac.new(key, struct.pack(">Q", counter), _DIGESTS[algorithm]).digest()
    offset = mac[-1] & 0x0F
    value = struct.unpack(">I", mac[offset : offset + 4])[0] & 0x7FFFFFFF
    return str(value % 10**digits).zfill(digits)


def decode_base32_secret(secret: str) -> bytes:
    """Decode the base32 secret authenticator apps show (spaces, lower case, no padding allowed)."""
    cleaned = secret.replace(" ", "").replace("-", "").upper()
    cleaned += "=" * (-len(cleaned) % 8)
    try:
        return base64.b32decode(cleaned)
    except ValueError:
        raise ValueError("totp_secret is not valid base32") from None


def totp(
    secret: str,
    at: float | None = None,
    *,
    step: int = 30,
    digits: int = 6,
    algorithm: str = "sha1",
) -> str:
    """RFC 6238 §4.2: HOTP over T = floor((unix time - T0) / X), T0 = 0, X = ``step``."""
    now = time.time() if at is None else at
    return hotp(decode_base32_secret(secret), int(now // step), digits, algorithm)
