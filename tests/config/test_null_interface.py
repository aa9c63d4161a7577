"""Null0: every router has it, up, configured or not; a route to it drops what it carries and
shows as directly connected; its running-config lines appear only for what is set on it."""

from __future__ import annotations

from lab_helpers import fresh_lab


def _configure(router, *lines: str) -> None:
    for line in ("enable", "configure terminal", *lines, "end"):
        router.cli(line)


def test_a_route_to_null0_drops_what_it_carries(tmp_path):
    lab = fresh_lab(tmp_path)
    r1, r2 = lab["R1"], lab["R2"]
    _configure(r1, "interface Serial0/0/0", "ip address 10.1.12.1 255.255.255.252", "no shutdown")
    _configure(r2, "interface Serial0/0/0", "ip address 10.1.12.2 255.255.255.252", "no shutdown")
    _configure(r2, "ip route 0.0.0.0 0.0.0.0 10.1.12.1")
    _configure(r1, "ip route 10.50.0.0 255.255.0.0 Null0")
    lab.advance(30)
    assert "S        10.50.0.0 is directly connected, Null0\n" in r1.cli("show ip route static")
    assert "!!!!!" in r2.cli("ping 10.1.12.1")
    assert "Success rate is 0 percent (0/5)" in r2.cli("ping 10.50.2.1")  # into Null0
    assert "10.50.0.0" in r1.cli("show running-config | include Null0")
    assert "interface Null0" not in r1.cli("show running-config")


def test_null0_prints_what_is_set_on_it(tmp_path):
    r1 = fresh_lab(tmp_path)["R1"]
    _configure(r1, "interface Null0", "no ip unreachables")
    assert "interface Null0\n no ip unreachables\n!\n" in r1.cli("show running-config")
    assert "Null0" not in r1.cli("show cdp interface")  # CDP does not run on it
    r1.cli("configure terminal")
    answer = r1.cli("interface Null1")
    assert answer.endswith("% Invalid input detected at '^' marker.\n\n")
