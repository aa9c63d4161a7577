"""The chain of bench_chain.py with PPP and two-way CHAP on every link: time from load to
every link up, one hour of virtual steady state (LCP Echo keepalives every 10 s on every
link), and memory per router (tracemalloc: what a second lab still holds once its links
are up); then the HDLC chain's hour, as a yardstick for the simulator's own cost.

    python benchmarks/bench_ppp.py [N]
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from bench_chain import all_up, timed_boot, traced_memory, write_chain

import iosemu


def write_ppp_chain(folder: Path, count: int) -> Path:
    """The HDLC chain, each serial link turned to PPP with CHAP demanded by both ends, and
    a `username` entry for each neighbour."""
    lab = write_chain(folder, count)
    for i in range(1, count + 1):
        path = folder / f"R{i}.cfg"
        lines = []
        for line in path.read_text().splitlines():
            lines.append(line)
            if line.startswith(" ip address"):
                lines += [" encapsulation ppp", " ppp authentication chap"]
        users = [f"username R{n} password cisco" for n in (i - 1, i + 1) if 1 <= n <= count]
        path.write_text("\n".join(lines[:1] + users + lines[1:]) + "\n")
    return lab


def an_hour(lab) -> str:
    """One virtual hour of the lab: its wall and CPU seconds, and its events."""
    events = lab.scheduler.events_run
    started, cpu = time.perf_counter(), time.process_time()
    lab.advance(3600)
    wall, cpu = time.perf_counter() - started, time.process_time() - cpu
    return f"{wall:.2f} s wall ({cpu:.2f} s CPU), {lab.scheduler.events_run - events:,} events"


def main(count: int = 200) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        warm = Path(tmp) / "warm-up"
        warm.mkdir()
        # imports and the grammar cache, out of the timing
        iosemu.Lab.load(write_ppp_chain(warm, 2)).advance(5)
        path = write_ppp_chain(Path(tmp), count)
        lab, load_time, up_time = timed_boot(path)
        links_up = all_up(lab)
        steady = an_hour(lab)
        still_up = all_up(lab)
        memory = traced_memory(path)
        hdlc = Path(tmp) / "hdlc"
        hdlc.mkdir()
        hdlc_steady = an_hour(timed_boot(write_chain(hdlc, count))[0])
    rows = {
        "routers": f"{count}, PPP links with two-way CHAP: {count - 1}",
        "load (parse configs, boot)": f"{load_time:.2f} s",
        "load to every link up": f"{up_time:.2f} s (all up: {links_up})",
        "one hour of steady state": steady,
        "every link up after the hour": f"{still_up}",
        "memory per router (tracemalloc)": f"{memory / count / 1024:.0f} KB",
        "the HDLC chain's hour, beside it": hdlc_steady,
    }
    for label, value in rows.items():
        print(f"{label}: {value}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 200)
