"""PPP labs written on the fly: two routers on a serial cable (R1 the DCE end), each
with its serial interface addressed and up, and what the test adds to each config."""

from __future__ import annotations

import textwrap

import pytest

from iosemu.lab.lab import Lab

TOPOLOGY = """\
name: ppp
topology:
  defaults: {kind: router, type: TYPE}
  nodes:
    R1: {startup-config: R1.cfg}
    R2: {startup-config: R2.cfg}
  links:
    - {endpoints: ["R1:s0/0/0", "R2:s0/0/0"], dce: R1}
"""
BASE = "hostname {name}\ninterface Serial0/0/0\n ip address 10.0.0.{n} 255.255.255.252\n no shutdown\n{clock}"
CLOCK = " clock rate 2000000\n"  # a 2811's DCE has no clock of its own


@pytest.fixture
def ppp_lab(tmp_path):
    """ppp_lab(r1_lines, r2_lines, hardware="c2911"): the lab loaded, both consoles in
    privileged EXEC at time 0 (the links come up at 2 s, PPP starts at 3 s)."""

    def build(r1: str, r2: str, hardware: str = "c2911") -> Lab:
        for n, (name, extra) in enumerate((("R1", r1), ("R2", r2)), start=1):
            text = (
                BASE.format(name=name, n=n, clock=CLOCK if n == 1 else "") + textwrap.dedent(extra).lstrip()
            )
            (tmp_path / f"{name}.cfg").write_text(text)
        path = tmp_path / "ppp.lab.yml"
        path.write_text(TOPOLOGY.replace("TYPE", hardware))
        lab = Lab.load(path)
        for device in lab:
            device.cli("")
            device.cli("enable")
        return lab

    return build


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
