"""Helpers for the simulation scenarios: typing configuration, reading interface state."""

from __future__ import annotations

# Two 2911s on a serial cable, R1 the DCE end, addressed 10.0.0.1 and .2/30.
PAIR = """
name: pair
topology:
  defaults: {kind: router, type: c2911}
  nodes:
    R1: {startup-config: R1.cfg}
    R2: {startup-config: R2.cfg}
  links:
    - {endpoints: ["R1:s0/0/0", "R2:s0/0/0"], dce: R1}
"""
CONFIGS = {
    "R1": "hostname R1\ninterface Serial0/0/0\n ip address 10.0.0.1 255.255.255.252\n",
    "R2": "hostname R2\ninterface Serial0/0/0\n ip address 10.0.0.2 255.255.255.252\n",
}


def pair_lab(make_lab, hardware: str = "c2911"):
    """The serial pair above, on routers of the given model."""
    return make_lab(PAIR.replace("c2911", hardware), **CONFIGS)


def settled(lab):
    """Past boot: links up, consoles enabled, the boot syslog read."""
    lab.advance(5)
    for device in lab:
        device.cli("enable")
        device.console.take_inbox()
    return lab


def configure(device, *lines: str) -> None:
    """Type configuration lines from privileged EXEC and leave config mode again."""
    device.cli("enable")
    device.cli("configure terminal")
    for line in lines:
        output = device.cli(line)
        assert output == "", f"{line!r}: {output!r}"
    device.cli("end")


def brief(device, interface: str) -> tuple[str, str]:
    """(Status, Protocol) of one interface as `show ip interface brief` prints them."""
    for row in device.cli("show ip interface brief").splitlines():
        if row.startswith(interface + " "):
            return row[54:76].strip(), row[76:].strip()
    raise AssertionError(f"{interface} not listed")
