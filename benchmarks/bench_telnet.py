"""Telnet across a chain of N routers (bench_chain.py's serial HDLC chain, the vty lines with
`no login`): R1 telnets to R2, from R2's vty to R3, and so on to RN, each session nested in the
one before; then commands typed at R1's console go through every hop to RN's vty and back.
Reports the virtual seconds and the wall time per command, and commands per virtual second.
Only R1's console waits; each vty on the way relays its client's line and answers it when the
next hop's answer comes, so the chain may be as long as the lab.

    python benchmarks/bench_telnet.py [N] [COMMANDS]
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from bench_chain import write_chain

import iosemu


def telnet_chain(folder: Path, count: int) -> iosemu.Lab:
    path = write_chain(folder, count)
    for i in range(1, count + 1):
        config = folder / f"R{i}.cfg"
        config.write_text(config.read_text() + "line vty 0 4\n no login\n")
    lab = iosemu.Lab.load(path)
    lab.advance(5)
    return lab


def main(count: int = 20, commands: int = 200) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        lab = telnet_chain(Path(tmp), count)
        r1 = lab["R1"]
        r1.cli("enable")
        started, wall = lab.now, time.perf_counter()
        for i in range(2, count + 1):  # R(i-1) telnets to Ri: its address on their link
            a, b = divmod(i - 1, 250)
            out = r1.cli(f"telnet 10.{a}.{b}.2")
            assert out.startswith("Trying") and r1.console.prompt() == f"R{i}>", (i, out)
        connect_wall, connect_virtual = time.perf_counter() - wall, lab.now - started
        started, wall = lab.now, time.perf_counter()
        for _ in range(commands):
            assert r1.cli("show clock").startswith("*")
        wall, virtual = time.perf_counter() - wall, lab.now - started
    print(f"routers: {count} (telnet nested {count - 1} deep)")
    print(f"connecting the chain: {connect_virtual:.2f} virtual s, {connect_wall:.2f} s wall")
    print(f"{commands} commands at R1 answered by R{count}: {virtual:.3f} virtual s, {wall:.2f} s wall")
    print(f"per command: {virtual / commands * 1000:.2f} virtual ms, {wall / commands * 1000:.2f} wall ms")
    print(f"commands per virtual second: {commands / virtual:,.0f}; per wall second: {commands / wall:,.0f}")


if __name__ == "__main__":
    main(*(int(arg) for arg in sys.argv[1:3]))
