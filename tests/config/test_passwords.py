"""Stored passwords are what a real router would store: type 7 decodes with Cisco's key and
type 5 is MD5-crypt ($1$salt$hash) of the secret typed."""

from __future__ import annotations

import re

import pytest

XLAT = "dsfd;kfoA,.iyewrkldJKDHSUBsgvca69834ncxv9873254k;fg87"


def type7_decode(text: str) -> str:
    salt = int(text[:2])
    pairs = [int(text[i : i + 2], 16) for i in range(2, len(text), 2)]
    return "".join(chr(b ^ ord(XLAT[(salt + i) % len(XLAT)])) for i, b in enumerate(pairs))


def test_type7_known_value():
    assert type7_decode("0822455D0A16") == "cisco"  # from real routers


def _run(lab, *lines):
    console = lab["R1"].console
    for line in ("enable", "configure terminal", *lines, "end"):
        console.execute(line)
    return console.execute("show running-config")


def test_type7_encodings_decode_to_the_password(lab):
    config = _run(
        lab,
        "enable password Cisco123",
        "username admin password s3cr3t!",
        "line vty 0 4",
        "password vtypass",
        "exit",
        "service password-encryption",
    )
    found = dict(
        (m.group(1), m.group(2))
        for m in re.finditer(
            r"^(enable password|username admin password| password) 7 ([0-9A-F]+)$", config, re.M
        )
    )
    assert type7_decode(found["enable password"]) == "Cisco123"
    assert type7_decode(found["username admin password"]) == "s3cr3t!"
    assert type7_decode(found[" password"]) == "vtypass"
    for value in found.values():
        assert 0 <= int(value[:2]) <= 15, "the salt index is 00-15"


def test_type5_is_md5_crypt(lab):
    crypt = pytest.importorskip("crypt")
    config = _run(lab, "enable secret class", "username bob secret letmein")
    enable = re.search(r"^enable secret 5 (\$1\$[./0-9A-Za-z]{4}\$[./0-9A-Za-z]{22})$", config, re.M).group(1)
    user = re.search(
        r"^username bob secret 5 (\$1\$[./0-9A-Za-z]{4}\$[./0-9A-Za-z]{22})$", config, re.M
    ).group(1)
    assert crypt.crypt("class", enable) == enable
    assert crypt.crypt("letmein", user) == user


def test_enable_on_a_vty_with_no_enable_password_is_refused_as_on_ios(lab):
    """IOS: a vty line gives privileged EXEC only against an enable password or secret."""
    from iosemu.cli.session import Session

    router = lab["R1"].router
    vty = Session(router, "vty 0", listen=False)
    assert vty.execute("enable") == "% No password set\n"
    assert vty.prompt() == "Router>"
    assert lab["R1"].cli("enable") == ""  # the console needs none
