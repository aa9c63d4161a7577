"""The issue's bad input for the IOS server: pools that overlap, an excluded range written
backwards, a pool whose network no interface is on (it never answers), an exhausted pool
(clients get nothing and keep asking), a host pool given a network."""

from __future__ import annotations

from ipaddress import IPv4Interface

from test_dhcp_lab import SCOPE_LAB, SERVER


def _config(device):
    device.cli("enable")
    device.cli("configure terminal")
    return device.cli


def test_pools_that_overlap_and_a_backwards_range_are_refused(make_lab):
    lab = make_lab(SCOPE_LAB, R1=SERVER)
    cli = _config(lab["R1"])
    cli("ip dhcp pool other")
    assert (
        cli("network 10.0.0.128 255.255.255.128")
        == "% 10.0.0.128 255.255.255.128 overlaps with pool scope1\n"
    )
    assert cli("host 10.0.0.50 /24") == ""
    assert cli("network 10.9.0.0 /16") == "% A host address has already been configured for this pool\n"
    cli("exit")
    assert (
        cli("ip dhcp excluded-address 10.0.0.30 10.0.0.20")
        == "%Invalid address range: 10.0.0.30 to 10.0.0.20\n"
    )
    assert "ip dhcp excluded-address 10.0.0.30" not in cli("do show running-config")


def test_a_pool_no_interface_is_on_never_answers(make_lab):
    lab = make_lab(
        SCOPE_LAB, R1=SERVER.replace("network 10.0.0.0 255.255.255.0", "network 172.16.0.0 255.255.0.0")
    )
    lab.advance(30)
    assert lab.nodes["PC1"].address is None or lab.nodes["PC1"].autoconfigured
    r1 = lab["R1"]
    r1.cli("enable")
    statistics = r1.cli("show ip dhcp server statistics")
    assert "DHCPDISCOVER         " in statistics and "DHCPOFFER            0\n" in statistics


def test_an_exhausted_pool_gives_the_next_client_nothing(make_lab):
    tiny = SERVER.replace("network 10.0.0.0 255.255.255.0", "network 10.0.0.0 255.255.255.252")
    tiny = tiny.replace("ip address 10.0.0.1 255.255.255.0", "ip address 10.0.0.1 255.255.255.252")
    lab = make_lab(SCOPE_LAB, R1=tiny)  # one address to give (.2): PC1 gets it, PC2 nothing
    r1 = lab["R1"]
    r1.cli("enable")
    r1.cli("debug ip dhcp server events")
    lab.advance(40)
    leased = [lab.nodes[pc].address for pc in ("PC1", "PC2")]
    assert IPv4Interface("10.0.0.2/30") in leased
    other = leased[1] if leased[0] == IPv4Interface("10.0.0.2/30") else leased[0]
    assert other is None  # still asking (Windows falls back after about a minute)
    assert "DHCPD: no address available in pool scope1." in "".join(r1.console.take_inbox())
    lab.advance(60)
    assert "Autoconfiguration IPv4 Address. . : 169.254." in lab["PC2" if other is leased[1] else "PC1"].cli(
        "ipconfig"
    )
