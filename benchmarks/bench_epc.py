"""Embedded Packet Capture (`monitor capture`) on a 2911: pings across a serial line with no
capture point, then with a point capturing both ways into a 512 KB circular buffer of whole
packets; then what the buffer costs to show as a hex dump and to export as a pcap to flash.

    python benchmarks/bench_epc.py [PINGS] [ROUNDS]
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

import iosemu

LAB = """\
name: epc
topology:
  defaults: {kind: router, type: c2911}
  nodes: {R1: {startup-config: R1.cfg}, R2: {startup-config: R2.cfg}}
  links: [{endpoints: ["R1:s0/0/0", "R2:s0/0/0"], dce: R1}]
"""
CONFIG = "hostname {0}\ninterface Serial0/0/0\n ip address 10.0.0.{1} 255.255.255.252\n{2} no shutdown\n"
POINT = (
    "monitor capture buffer B size 512 max-size 1518 circular",
    "monitor capture point ip cef P Serial0/0/0 both",
    "monitor capture point associate P B",
    "monitor capture point start P",
)


def timed(call) -> float:
    started = time.perf_counter()
    call()
    return time.perf_counter() - started


def main(pings: int = 2000, rounds: int = 3) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "R1.cfg").write_text(CONFIG.format("R1", 1, " clock rate 2000000\n"))
        (folder / "R2.cfg").write_text(CONFIG.format("R2", 2, ""))
        (folder / "epc.lab.yml").write_text(LAB)
        lab = iosemu.Lab.load(folder / "epc.lab.yml")
        lab.advance(15)
        r1 = lab["R1"]
        r1.cli("enable")
        ping = f"ping 10.0.0.2 repeat {pings} timeout 1"
        bare = [timed(lambda: r1.cli(ping)) for _ in range(rounds)]
        for line in POINT:
            r1.cli(line)
        taken = [timed(lambda: r1.cli(ping)) for _ in range(rounds)]
        kept = next(
            line
            for line in r1.cli("show monitor capture buffer B parameters").splitlines()
            if "Packets" in line
        ).split("Packets : ")[1]
        dump = [timed(lambda: r1.cli("show monitor capture buffer B dump")) for _ in range(rounds)]
        export = [
            timed(lambda: r1.cli("monitor capture buffer B export flash:b.pcap")) for _ in range(rounds)
        ]
    bare_s, taken_s, dump_s, export_s = (statistics.median(t) for t in (bare, taken, dump, export))
    rows = {
        f"{pings} pings, no capture point": f"{bare_s:.2f} s wall (median of {rounds})",
        f"{pings} pings through a point, both ways": (
            f"{taken_s:.2f} s wall, overhead {taken_s / bare_s - 1:.0%}"
        ),
        f"show monitor capture buffer B dump ({kept} packets kept)": f"{dump_s * 1000:.0f} ms",
        "monitor capture buffer B export flash:b.pcap": f"{export_s * 1000:.0f} ms",
    }
    for label, value in rows.items():
        print(f"{label}: {value}")


if __name__ == "__main__":
    main(*[int(a) for a in sys.argv[1:3]])
