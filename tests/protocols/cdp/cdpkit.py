"""The CDP bench: tests/labs/cdp-three (three routers on Ethernet, HDLC, PPP and Frame Relay,
a switch and a PC), loaded from a private copy, every console in privileged EXEC."""

from __future__ import annotations

import shutil
from pathlib import Path

import iosemu

BENCH = Path(__file__).resolve().parents[2] / "labs" / "cdp-three"


def load_bench(folder: Path):
    copy = Path(folder) / "cdp-three"
    shutil.copytree(BENCH, copy)
    lab = iosemu.Lab.load(copy / "cdp-three.lab.yml")
    for name in ("R1", "R2", "R3"):
        lab[name].cli("")
        lab[name].cli("enable")
    return lab


def configure(device, *lines: str) -> None:
    """Type configuration lines from privileged EXEC (each accepted silently) and leave."""
    device.cli("configure terminal")
    for line in lines:
        assert device.cli(line) == "", line
    device.cli("end")
