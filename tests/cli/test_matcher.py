"""What the matcher remembers of earlier lines (the trees of lines of one shape, the first
words a mode refused) changes nothing a user sees."""

from __future__ import annotations


def _configuring(lab):
    r1 = lab["R1"]
    for line in ("", "enable", "configure terminal"):
        r1.cli(line)
    return r1


def test_lines_of_one_shape_keep_their_own_arguments(lab):
    r1 = _configuring(lab)
    for n in (1, 2, 3):
        r1.cli(f"interface Loopback{n}")
        r1.cli(f" description link number {n}")
        r1.cli(f" ip address 10.0.0.{n} 255.255.255.0" if n == 1 else f" ip address 10.0.{n}.1 255.255.255.0")
    r1.cli("end")
    running = r1.cli("show running-config")
    for n, address in ((1, "10.0.0.1"), (2, "10.0.2.1"), (3, "10.0.3.1")):
        block = running.split(f"interface Loopback{n}\n")[1].split("!")[0]
        assert f" description link number {n}\n" in block
        assert f" ip address {address} 255.255.255.0\n" in block


def test_a_first_word_a_mode_refused_is_refused_alike_again(lab):
    r1 = _configuring(lab)
    r1.cli("interface Loopback1")
    first = r1.cli("interfaz Loopback2")  # walked in full, then remembered
    assert first.endswith("^\n% Invalid input detected at '^' marker.\n\n")
    assert r1.cli("interfaz Loopback2") == first
    assert r1.cli("INTERFAZ Loopback9") == first
    # The sub-mode refuses `interf`, global configuration takes it, each time.
    for n in (3, 4):
        assert r1.cli(f"interf Loopback{n}") == ""
        assert r1.cli(" shutdown") == ""
    assert "interface Loopback4\n no ip address\n shutdown\n" in r1.cli("do show running-config")
