"""Floating static routes: a static route of a higher distance stays out of the table while
a better one works, takes over when the primary's serial line goes down, and gives way when
it comes back; `no ip routing` leaves the router a host that uses `ip default-gateway`."""

from __future__ import annotations

from labkit import configure, settled

TRIANGLE = """
name: triangle
topology:
  defaults: {kind: router, type: c2911}
  nodes:
    R1: {startup-config: R1.cfg}
    R2: {startup-config: R2.cfg}
    R3: {startup-config: R3.cfg}
  links:
    - {endpoints: ["R1:s0/0/0", "R2:s0/0/0"], dce: R1}
    - {endpoints: ["R1:g0/0", "R3:g0/0"]}
    - {endpoints: ["R2:g0/1", "R3:g0/1"]}
"""
R1 = """\
hostname R1
interface Serial0/0/0
 ip address 10.0.12.1 255.255.255.252
 clock rate 64000
 no shutdown
interface GigabitEthernet0/0
 ip address 10.0.13.1 255.255.255.0
 no shutdown
ip route 2.2.2.2 255.255.255.255 10.0.12.2
ip route 2.2.2.2 255.255.255.255 10.0.13.3 10 name VIA-R3
"""
R2 = """\
hostname R2
interface Loopback0
 ip address 2.2.2.2 255.255.255.255
interface Serial0/0/0
 ip address 10.0.12.2 255.255.255.252
 no shutdown
interface GigabitEthernet0/1
 ip address 10.0.23.2 255.255.255.0
 no shutdown
ip route 10.0.13.0 255.255.255.0 10.0.23.3
"""
R3 = """\
hostname R3
interface GigabitEthernet0/0
 ip address 10.0.13.3 255.255.255.0
 no shutdown
interface GigabitEthernet0/1
 ip address 10.0.23.3 255.255.255.0
 no shutdown
ip route 2.2.2.2 255.255.255.255 10.0.23.2
"""


def _triangle(make_lab):
    lab = settled(make_lab(TRIANGLE, R1=R1, R2=R2, R3=R3))
    lab.advance(30)
    return lab


def _reaches(device, address: str) -> bool:
    """A second ping (the first may lose its opening echoes to ARP) gets every echo back."""
    device.cli(f"ping {address}")
    return "!!!!!" in device.cli(f"ping {address}")


def _route_line(r1) -> str:
    return next(line for line in r1.cli("show ip route static").splitlines() if "2.2.2.2" in line)


def test_the_floating_static_takes_over_when_the_serial_goes_down_and_gives_way_after(make_lab):
    lab = _triangle(make_lab)
    r1, r2 = lab["R1"], lab["R2"]
    assert _route_line(r1).endswith("2.2.2.2 [1/0] via 10.0.12.2")
    assert _reaches(r1, "2.2.2.2")

    configure(r2, "interface s0/0/0", "shutdown")
    lab.advance(60)
    assert _route_line(r1).endswith("2.2.2.2 [10/0] via 10.0.13.3")
    assert 'Known via "static", distance 10, metric 0' in r1.cli("show ip route 2.2.2.2")
    assert _reaches(r1, "2.2.2.2")

    configure(r2, "interface s0/0/0", "no shutdown")
    lab.advance(60)
    assert _route_line(r1).endswith("2.2.2.2 [1/0] via 10.0.12.2")


def test_the_route_lines_keep_distance_and_name(make_lab):
    lab = _triangle(make_lab)
    shown = lab["R1"].cli("show running-config | include ip route")
    assert shown == (
        "ip route 2.2.2.2 255.255.255.255 10.0.12.2\n"
        "ip route 2.2.2.2 255.255.255.255 10.0.13.3 10 name VIA-R3\n"
    )
    configure(lab["R1"], "no ip route 2.2.2.2 255.255.255.255 10.0.13.3 10 name VIA-R3")
    assert (
        lab["R1"].cli("show running-config | include ip route")
        == "ip route 2.2.2.2 255.255.255.255 10.0.12.2\n"
    )


def test_without_ip_routing_the_default_gateway_is_used_and_nothing_is_forwarded(make_lab):
    lab = _triangle(make_lab)
    r1, r3 = lab["R1"], lab["R3"]
    configure(r3, "no ip routing", "ip default-gateway 10.0.23.2")
    assert r3.cli("show ip route") == (
        "Default gateway is 10.0.23.2\n\n"
        "Host               Gateway           Last Use    Total Uses  Interface\n"
        "ICMP redirect cache is empty\n"
    )
    assert _reaches(r3, "2.2.2.2")  # its own packets go to the gateway
    configure(lab["R2"], "interface s0/0/0", "shutdown")
    lab.advance(60)
    assert "Success rate is 0 percent" in r1.cli("ping 2.2.2.2")  # R3 forwards nothing now
    configure(r3, "ip routing")
    assert "Gateway of last resort is not set" in r3.cli("show ip route")
    assert _reaches(r1, "2.2.2.2")
