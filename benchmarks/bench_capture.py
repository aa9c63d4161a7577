"""Packet capture on a big lab: the 200-router PPP chain of bench_ppp.py (LCP Echo every 10 s,
CDP every 60 s on every link) run for N virtual minutes with every link captured to its own
pcapng file, beside the same minutes with no capture: frames written per wall second, and
the overhead; then the captured lab once its captures stopped (they leave nothing behind on
the links).

    python benchmarks/bench_capture.py [ROUTERS] [MINUTES]
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

from bench_chain import timed_boot
from bench_ppp import write_ppp_chain

import iosemu


def minutes(lab, count: int) -> float:
    """Wall seconds for `count` virtual minutes of the lab."""
    started = time.perf_counter()
    lab.advance(60 * count)
    return time.perf_counter() - started


def main(routers: int = 200, count: int = 10, rounds: int = 3) -> None:
    """Two copies of the lab, one captured: their minutes taken in turn, `rounds` times (the
    medians reported), so that both meet the same load on a shared machine."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        warm = folder / "warm-up"
        warm.mkdir()
        iosemu.Lab.load(write_ppp_chain(warm, 2)).advance(5)  # imports and the grammar cache
        path = write_ppp_chain(folder, routers)
        plain, captured = timed_boot(path)[0], timed_boot(path)[0]
        plain.advance(60)  # past the links' first minute
        captured.advance(60)
        captures = captured.capture_all(folder / "pcap")
        bare, taken = [], []
        for _ in range(rounds):
            bare.append(minutes(plain, count))
            taken.append(minutes(captured, count))
        started = time.perf_counter()
        captured.stop_captures()
        closing = time.perf_counter() - started
        frames = sum(c.frames for c in captures)
        size = sum(f.stat().st_size for f in (folder / "pcap").iterdir())
        after = [minutes(captured, count) for _ in range(rounds)]
    bare_s, taken_s, after_s = (statistics.median(times) for times in (bare, taken, after))
    rows = {
        "lab": f"{routers} routers, {routers - 1} PPP links, every link captured ({len(captures)} files)",
        f"{count} virtual minutes, no capture": f"{bare_s:.2f} s wall (median of {rounds})",
        f"{count} virtual minutes, every link captured": (
            f"{taken_s:.2f} s wall, overhead {taken_s / bare_s - 1:.0%}; closing the files {closing:.2f} s"
        ),
        f"frames written in the {rounds} x {count} minutes": (
            f"{frames:,} ({frames / sum(taken):,.0f} frames/s), {size / 1e6:.1f} MB of pcapng"
        ),
        f"{count} minutes once the captures stopped": f"{after_s:.2f} s wall",
    }
    for label, value in rows.items():
        print(f"{label}: {value}")


if __name__ == "__main__":
    arguments = [int(a) for a in sys.argv[1:3]]
    main(*arguments)
