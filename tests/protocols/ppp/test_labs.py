"""The shipped PPP labs (topologies/ppp-chap, topologies/ppp-pap): each loads, its link
authenticates and comes up, and each router pings the other across it."""

from __future__ import annotations

from pathlib import Path

import pytest
from lab_helpers import solved_lab

TOPOLOGIES = Path(__file__).resolve().parents[3] / "topologies"


def booted(name: str):
    lab = solved_lab(TOPOLOGIES / name / f"{name}.lab.yml")
    for device in lab:
        device.cli("")
        device.cli("enable")
    return lab


@pytest.mark.parametrize(("name", "method"), [("ppp-chap", "CHAP"), ("ppp-pap", "PAP")])
def test_lab_authenticates_and_pings_across(name, method):
    lab = booted(name)
    lab["R1"].cli("debug ppp authentication")
    lab.advance(10)
    log = lab["R1"].console.take_inbox()
    assert "Se0/0/0 PPP: Received LOGIN Response PASS" in "\n".join(log)
    assert any(f"{method}: I " in line for line in log) and any(f"{method}: O " in line for line in log)
    for device, far in ((lab["R1"], "10.0.0.2"), (lab["R2"], "10.0.0.1")):
        shown = device.cli("show interfaces Serial0/0/0").splitlines()
        assert shown[0] == "Serial0/0/0 is up, line protocol is up "
        assert "  Encapsulation PPP, LCP Open" in shown
        assert "  Open: IPCP, CDPCP, loopback not set" in shown
        assert "Success rate is 100 percent (5/5)" in device.cli(f"ping {far}")
        assert f"C        {far}/32 is directly connected, Serial0/0/0" in device.cli("show ip route")
