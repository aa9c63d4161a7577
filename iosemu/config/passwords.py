"""IOS password storage: type 7 (reversible), type 5 (MD5-crypt), type 8 (PBKDF2), type 9 (scrypt).

Salts and the type 7 offset come from the device's seeded generator, so a lab replays
to the same running-config every time.
"""

from __future__ import annotations

import base64
import hashlib
import random
from dataclasses import dataclass

_TYPE7_KEY = b"dsfd;kfoA,.iyewrkldJKDHSUBsgvca69834ncxv9873254k;fg87"
_CRYPT64 = "./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
_STD64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
_TO_CRYPT64 = str.maketrans(_STD64, _CRYPT64)


@dataclass(frozen=True)
class Password:
    """A password as the running-config shows it: `type` 0 (clear), 5, 7, 8 or 9 and its text."""

    type: int
    text: str

    def line(self) -> str:
        return f"{self.type} {self.text}"

    def encrypted(self, rng: random.Random) -> Password:
        """This password as `service password-encryption` keeps it (clear text -> type 7)."""
        return Password(7, type7_encode(self.text, rng)) if self.type == 0 else self

    def plain(self) -> str | None:
        """The clear text, where it can be had back (type 0 or 7; a hash cannot)."""
        if self.type == 0:
            return self.text
        return type7_decode(self.text) if self.type == 7 else None

    def matches(self, attempt: str) -> bool:
        if self.type == 0:
            return attempt == self.text
        if self.type == 7:
            return type7_decode(self.text) == attempt
        salt = self.text.split("$")[2] if self.text.count("$") >= 3 else ""
        return hash_secret(self.type, attempt, salt) == self.text


def type7_encode(plain: str, rng: random.Random) -> str:
    seed = rng.randrange(16)
    data = plain.encode("latin-1", "replace")
    body = "".join(f"{b ^ _TYPE7_KEY[(seed + i) % len(_TYPE7_KEY)]:02X}" for i, b in enumerate(data))
    return f"{seed:02d}{body}"


def type7_decode(text: str) -> str | None:
    try:
        seed = int(text[:2])
        data = bytes.fromhex(text[2:])
    except ValueError:
        return None
    key = _TYPE7_KEY
    return bytes(b ^ key[(seed + i) % len(key)] for i, b in enumerate(data)).decode("latin-1")


def _crypt64(data: bytes) -> str:
    return base64.b64encode(data).decode().rstrip("=").translate(_TO_CRYPT64)


def _md5crypt(plain: bytes, salt: bytes) -> str:
    magic = b"$1$"
    final = hashlib.md5(plain + salt + plain).digest()
    ctx = plain + magic + salt
    for left in range(len(plain), 0, -16):
        ctx += final[: min(16, left)]
    i = len(plain)
    while i:
        ctx += b"\x00" if i & 1 else plain[:1]
        i >>= 1
    final = hashlib.md5(ctx).digest()
    for i in range(1000):
        step = plain if i & 1 else final
        if i % 3:
            step += salt
        if i % 7:
            step += plain
        step += final if i & 1 else plain
        final = hashlib.md5(step).digest()
    out = ""
    for a, b, c in ((0, 6, 12), (1, 7, 13), (2, 8, 14), (3, 9, 15), (4, 10, 5), (None, None, 11)):
        value = (final[a] << 16 if a is not None else 0) | (final[b] << 8 if b is not None else 0)
        value |= final[c]
        for _ in range(4 if a is not None else 2):
            out += _CRYPT64[value & 0x3F]
            value >>= 6
    return f"$1${salt.decode()}${out}"


def hash_secret(kind: int, plain: str, salt: str) -> str:
    data, salt_bytes = plain.encode(), salt.encode()
    if kind == 5:
        return _md5crypt(data, salt_bytes)
    if kind == 8:
        digest = hashlib.pbkdf2_hmac("sha256", data, salt_bytes, 20000, 32)
    else:
        digest = hashlib.scrypt(data, salt=salt_bytes, n=16384, r=1, p=1, dklen=32)
    return f"${kind}${salt}${_crypt64(digest)}"


def new_secret(kind: int, plain: str, rng: random.Random) -> Password:
    length = 4 if kind == 5 else 14
    salt = "".join(rng.choice(_CRYPT64) for _ in range(length))
    return Password(kind, hash_secret(kind, plain, salt))
