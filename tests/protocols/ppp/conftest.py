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
def ppp_lab(make_lab):
    """ppp_lab(r1_lines, r2_lines, hardware="c2911"): the lab loaded, both consoles in
    privileged EXEC at time 0 (the links come up at 2 s, PPP starts at 3 s)."""

    def build(r1: str, r2: str, hardware: str = "c2911") -> Lab:
        configs = {
            name: BASE.format(name=name, n=n, clock=CLOCK if n == 1 else "") + textwrap.dedent(extra).lstrip()
            for n, (name, extra) in enumerate((("R1", r1), ("R2", r2)), start=1)
        }
        lab = make_lab(TOPOLOGY.replace("TYPE", hardware), **configs)
        for device in lab:
            device.cli("")
            device.cli("enable")
        return lab

    return build
