"""State that must not outlive what made it: reload, removed interfaces, subinterfaces,
configuration merged from NVRAM."""

from __future__ import annotations

from labkit import brief, configure


def test_reload_drops_the_far_end_and_comes_back(pair):
    r1, r2 = pair["R1"], pair["R2"]
    heard_before = int(r2.cli("show interfaces Serial0/0/0 | include packets input").split()[0])
    assert r1.cli("reload") == ""
    assert r1.console.prompt() == "Proceed with reload? [confirm]"
    assert "Press RETURN to get started!" in r1.cli("")
    pair.advance(0.5)
    assert brief(r2, "Serial0/0/0") == ("down", "down")
    assert any(
        line.endswith("Interface Serial0/0/0, changed state to down") for line in r2.console.take_inbox()
    )
    pair.advance(30)
    assert brief(r2, "Serial0/0/0") == ("up", "up")
    r1.cli("")
    r1.cli("enable")
    assert brief(r1, "Serial0/0/0") == ("up", "up")
    pair.advance(60)  # the old R1's counters are gone: what R2 heard since is what R1 sent
    sent = r1.cli("show interfaces Serial0/0/0 | include packets output").split()[0]
    received = r2.cli("show interfaces Serial0/0/0 | include packets input").split()[0]
    assert abs(int(sent) - (int(received) - heard_before)) <= 1


def test_subinterfaces_follow_their_parent(pair):
    r1 = pair["R1"]
    configure(r1, "interface Serial0/0/0.7 point-to-point")
    pair.advance(3)
    assert brief(r1, "Serial0/0/0.7") == ("up", "up")
    configure(r1, "interface Serial0/0/0", "shutdown")
    assert brief(r1, "Serial0/0/0.7") == ("administratively down", "down")
    configure(r1, "no interface Serial0/0/0.7")
    r1.console.take_inbox()
    pair.advance(5)
    assert not any("Serial0/0/0.7" in line for line in r1.console.take_inbox())
    assert brief(r1, "Serial0/0/0.7") == ("deleted", "down")


def test_merged_configuration_brings_new_interfaces_to_life(pair):
    r1 = pair["R1"]
    r1.router.save_startup("interface Loopback4\n ip address 4.4.4.4 255.255.255.255\nend\n")
    assert r1.cli("copy startup-config running-config") == ""
    assert r1.cli("").startswith("\n")
    assert brief(r1, "Loopback4") == ("up", "up")
    assert not any("CONFIG_I" in line and "by console" in line for line in r1.console.take_inbox())


def test_an_address_on_a_down_interface_is_not_ours(pair):
    r1 = pair["R1"]
    configure(r1, "interface Loopback1", "ip address 1.1.1.1 255.255.255.255", "shutdown")
    assert r1.cli("ping 1.1.1.1 repeat 1").splitlines()[-1] == "Success rate is 0 percent (0/1)"
