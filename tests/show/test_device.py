"""show hosts and show protocols through the API: the host table a ping resolves names with,
the interfaces' states as they change."""

from __future__ import annotations


def configure(router, *lines: str) -> None:
    for line in ("configure terminal", *lines, "end"):
        router.cli(line)


def test_a_name_of_the_host_table_pings(lab):
    r1, r2 = lab["R1"], lab["R2"]
    for router, address in ((r1, "10.0.0.1"), (r2, "10.0.0.2")):
        router.cli("")
        router.cli("enable")
        configure(router, "interface Serial0/0/0", f"ip address {address} 255.255.255.252", "no shutdown")
    configure(r1, "ip host R2 10.0.0.2")
    lab.advance(30)
    assert "R2                        None  (perm, OK)  0   IP    10.0.0.2\n" in r1.cli("show hosts")
    out = r1.cli("ping r2")
    assert "Sending 5, 100-byte ICMP Echos to 10.0.0.2" in out and "Success rate is 100 percent" in out
    assert "Serial0/0/0 is up, line protocol is up\n  Internet address is 10.0.0.1/30\n" in r1.cli(
        "show protocols"
    )
    configure(r2, "interface Serial0/0/0", "shutdown")
    lab.advance(30)
    assert r1.cli("show protocols Serial0/0/0").startswith("Serial0/0/0 is down, line protocol is down\n")


def test_null0_shows_once_configured_and_is_refused_alike_before(lab):
    # (the matcher takes Null0 everywhere, as routes point at it configured or not)
    r1 = lab["R1"]
    r1.cli("")
    r1.cli("enable")
    for command in ("show interfaces Null0", "show protocols Null0", "show ip interface Null0"):
        assert "% Invalid input detected at '^' marker." in r1.cli(command), command
    configure(r1, "interface Null0")
    assert r1.cli("show protocols Null0") == "Null0 is up, line protocol is up\n"
    assert r1.cli("show ip interface Null0").startswith("Null0 is up, line protocol is up\n")
