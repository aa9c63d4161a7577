"""`show ip route` as ntc-templates (the parser automation tools use) reads it, on 15.x and
12.4: every route with its protocol, distance, metric, next hop and interface, the floating
static's distance once it has taken over, and the summary and per-route forms."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from iosemu.lab.lab import Lab

LABS = Path(__file__).parents[1] / "labs"


def _lab(tmp_path, name: str) -> Lab:
    copy = tmp_path / name
    shutil.copytree(LABS / name, copy)
    lab = Lab.load(copy / f"{name}.lab.yml")
    lab.advance(30)
    lab["R1"].cli("enable")
    return lab


def _routes(r1) -> dict[str, dict]:
    parse_output = pytest.importorskip("ntc_templates.parse").parse_output
    records = parse_output(platform="cisco_ios", command="show ip route", data=r1.cli("show ip route"))
    return {f"{r['network']}/{r['prefix_length']}": r for r in records}


@pytest.mark.parametrize("name", ["static-routes-15", "static-routes-2811"])
def test_ntc_templates_reads_every_route(tmp_path, name):
    lab = _lab(tmp_path, name)
    routes = _routes(lab["R1"])
    assert routes["2.2.2.2/32"]["protocol"] == "S"
    assert routes["2.2.2.2/32"]["distance"] == "1"
    assert routes["2.2.2.2/32"]["nexthop_ip"] == "10.0.12.2"
    assert routes["10.0.12.0/30"]["protocol"] == "C"
    assert routes["10.0.12.0/30"]["nexthop_if"] == "Serial0/0/0"
    assert routes["172.16.5.0/24"]["metric"] == "0"
    assert routes["0.0.0.0/0"]["nexthop_if"] == "Serial0/0/0"
    assert ("10.0.12.1/32" in routes) == name.endswith("-15")  # 12.4 has no local routes


def test_ntc_templates_reads_the_floating_static_after_the_takeover(tmp_path):
    lab = _lab(tmp_path, "static-routes-15")
    r1 = lab["R1"]
    for line in ("configure terminal", "interface s0/0/0", "shutdown", "end"):
        r1.cli(line)
    routes = _routes(r1)
    assert routes["2.2.2.2/32"]["distance"] == "10"
    assert routes["2.2.2.2/32"]["nexthop_ip"] == "10.0.21.2"
    assert "172.16.5.0/24" not in routes  # its next hop went with the serial line
