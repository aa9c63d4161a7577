"""Helpers for the PPP scenarios: a serial interface's PPP lines, configuration typed, what the console shows."""

from __future__ import annotations


def chap(peer: str, secret: str = "cisco", demand: bool = True) -> str:
    """A serial interface with PPP, the peer's username entry, CHAP demanded or not."""
    auth = " ppp authentication chap\n" if demand else ""
    return f"username {peer} password {secret}\ninterface Serial0/0/0\n encapsulation ppp\n{auth}"


def protocol(device, name: str = "Serial0/0/0") -> str:
    """`up` or `down`: the line protocol as `show interfaces` words its first line."""
    first = device.cli(f"show interfaces {name}").splitlines()[0]
    return first.split("line protocol is ")[1].strip()


def debug_lines(device) -> list[str]:
    """The console lines since last read, timestamps cut off."""
    return [line.split(": ", 1)[1] for line in device.console.take_inbox()]


def configure(device, *lines: str) -> None:
    """Type configuration lines from privileged EXEC, each accepted in silence."""
    device.cli("configure terminal")
    for line in lines:
        assert device.cli(line) == "", line
    device.cli("end")
