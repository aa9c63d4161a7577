"""Helpers for the simulation scenarios: typing configuration, reading interface state."""

from __future__ import annotations


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
