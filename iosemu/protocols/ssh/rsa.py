"""A router's RSA key pair (`crypto key generate rsa`), made from a seed: the same router and key
give the same numbers at every show and every connection, so the key `show ip ssh` prints is the
host key an SSH client is served (and a fingerprint checked against the router's matches).

Two primes of half the modulus each (their top two bits set, so that the product has exactly the
modulus' bits), public exponent 65537 as IOS uses, found by a sieve and Miller-Rabin (FIPS 186-4
C.2 rounds) from a PRNG seeded from the key; made once per key (4096 bits: a few seconds, as a
router takes its time too).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from functools import lru_cache

EXPONENT = 65537
SIEVE = 1 << 14  # candidates with a factor below this are passed over without a test


def _odd_primes_below(limit: int) -> tuple[int, ...]:
    """Eratosthenes' sieve: a bytearray pass per prime, not a division per pair (import time)."""
    composite = bytearray(limit)
    for n in range(3, int(limit**0.5) + 1, 2):
        if not composite[n]:
            composite[n * n :: 2 * n] = b"\x01" * len(range(n * n, limit, 2 * n))
    return tuple(n for n in range(3, limit, 2) if not composite[n])


SMALL_PRIMES = _odd_primes_below(SIEVE)


@dataclass(frozen=True)
class KeyPair:
    n: int  # the public modulus
    p: int
    q: int
    e: int = EXPONENT

    @property
    def d(self) -> int:
        return pow(self.e, -1, (self.p - 1) * (self.q - 1))


def _rounds(bits: int) -> int:
    """Miller-Rabin rounds for a random candidate of `bits` bits (FIPS 186-4 table C.2)."""
    return 5 if bits >= 512 else 40


def _probably_prime(n: int, rng: random.Random, rounds: int) -> bool:
    d, shifts = n - 1, 0
    while d % 2 == 0:
        d, shifts = d // 2, shifts + 1
    for _ in range(rounds):
        x = pow(rng.randrange(2, n - 1), d, n)
        if x in (1, n - 1):
            continue
        for _ in range(shifts - 1):
            x = pow(x, 2, n)
            if x == n - 1:
                break
        else:
            return False
    return True


def _prime(bits: int, rng: random.Random) -> int:
    """The first prime from a random odd start of `bits` bits on (its top two bits set), with
    p - 1 prime to the exponent; the sieve's residues move on with the candidate."""
    candidate = rng.getrandbits(bits) | 3 << (bits - 2) | 1
    residues = [candidate % small for small in SMALL_PRIMES]
    while True:
        if all(residues) and (candidate - 1) % EXPONENT and _probably_prime(candidate, rng, _rounds(bits)):
            return candidate
        candidate += 2
        residues = [(r + 2) % small for r, small in zip(residues, SMALL_PRIMES, strict=True)]


@lru_cache(maxsize=64)
def key_pair(seed: str, bits: int) -> KeyPair:
    """The key pair of `bits` bits that `seed` (the router and the key) stands for."""
    rng = random.Random(seed)
    while True:
        p, q = _prime(bits // 2, rng), _prime(bits - bits // 2, rng)
        if p != q:
            return KeyPair(p * q, p, q)
