"""The lab for the router-to-router connections: R1 -- R2 -- R3 on Ethernet, static routes across."""

from __future__ import annotations

CHAIN = """
name: chain
topology:
  defaults: {kind: router, type: c2911}
  nodes:
    R1: {startup-config: R1.cfg}
    R2: {startup-config: R2.cfg}
    R3: {startup-config: R3.cfg}
  links:
    - {endpoints: ["R1:g0/0", "R2:g0/0"]}
    - {endpoints: ["R2:g0/1", "R3:g0/0"]}
"""
VTY = "line vty 0 4\n password cisco\n login\n"
CONFIGS = {
    "R1": "hostname R1\ninterface GigabitEthernet0/0\n ip address 10.1.12.1 255.255.255.0\n no shutdown\n"
    "ip route 10.1.23.0 255.255.255.0 10.1.12.2\n" + VTY,
    "R2": "hostname R2\ninterface GigabitEthernet0/0\n ip address 10.1.12.2 255.255.255.0\n no shutdown\n"
    "interface GigabitEthernet0/1\n ip address 10.1.23.2 255.255.255.0\n no shutdown\n" + VTY,
    "R3": "hostname R3\ninterface GigabitEthernet0/0\n ip address 10.1.23.3 255.255.255.0\n no shutdown\n"
    "ip route 10.1.12.0 255.255.255.0 10.1.23.2\nusername admin secret s3cret\n" + VTY,
}


def build_chain(make_lab):
    """Three 2911s in a row, past boot, every console in privileged EXEC."""
    lab = make_lab(CHAIN, **CONFIGS)
    lab.advance(5)
    for device in lab:
        device.cli("enable")
        device.console.take_inbox()
    return lab
