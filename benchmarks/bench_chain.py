"""A chain of N routers joined by serial HDLC links, all configured from startup-configs:
time from load to every line protocol up, events per second, memory per router, and a
ping from one end to the other.

    python benchmarks/bench_chain.py [N]
"""

from __future__ import annotations

import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

import iosemu


def write_chain(folder: Path, count: int) -> Path:
    """R1 - R2 - ... - RN; link i uses 10.(i // 250).(i % 250).0/30; 10/8 points right,
    R1's first link left."""
    nodes, links = [], []
    for i in range(1, count + 1):
        lines = [f"hostname R{i}", "no ip domain lookup"]
        for link_index, side in ((i - 1, 2), (i, 1)):  # the link to the left, then to the right
            if not 1 <= link_index < count:
                continue
            a, b = divmod(link_index, 250)
            port = "Serial0/0/0" if side == 1 else "Serial0/0/1"
            lines += [f"interface {port}", f" ip address 10.{a}.{b}.{side} 255.255.255.252"]
        if i < count:
            a, b = divmod(i, 250)
            lines.append(f"ip route 10.0.0.0 255.0.0.0 10.{a}.{b}.2 250")
        if i > 1:  # back towards R1's first link
            a, b = divmod(i - 1, 250)
            lines.append(f"ip route 10.0.1.0 255.255.255.252 10.{a}.{b}.1")
        (folder / f"R{i}.cfg").write_text("\n".join(lines) + "\n")
        nodes.append(f"    R{i}: {{startup-config: R{i}.cfg}}")
        if i < count:
            links.append(f'    - {{endpoints: ["R{i}:Serial0/0/0", "R{i + 1}:Serial0/0/1"], dce: R{i}}}')
    lab = folder / "chain.lab.yml"
    header = "name: chain\ntopology:\n  nodes:\n"
    lab.write_text(header + "\n".join(nodes) + "\n  links:\n" + "\n".join(links) + "\n")
    return lab


def timed_boot(path: Path):
    """The lab loaded and run 5 virtual seconds (every link up): the lab, the wall seconds
    the load took, and the wall seconds from the load's start to the end of the 5 s."""
    started = time.perf_counter()
    lab = iosemu.Lab.load(path)
    loaded = time.perf_counter()
    lab.advance(5)
    return lab, loaded - started, time.perf_counter() - started


def traced_memory(path: Path) -> int:
    """Bytes a second copy of the lab holds once booted (tracing slows everything down, so
    the timed lab is not traced)."""
    tracemalloc.start()
    iosemu.Lab.load(path).advance(5)
    memory = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    return memory


def all_up(lab) -> bool:
    """Every addressed interface of every router up/up."""
    return all(
        r.interface_up(name)
        for r in (d.router for d in lab)
        for name, i in r.config.interfaces.items()
        if i.address
    )


def main(count: int = 200) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        warm = Path(tmp) / "warm-up"
        warm.mkdir()
        iosemu.Lab.load(write_chain(warm, 2))  # imports and the grammar cache, out of the timing
        path = write_chain(Path(tmp), count)
        lab, load_time, up_time = timed_boot(path)
        memory = traced_memory(path)
        links_up = all_up(lab)
        events = lab.scheduler.events_run
        far = f"10.{(count - 1) // 250}.{(count - 1) % 250}.2"
        lab["R1"].cli("enable")
        ping_started = time.perf_counter()
        ping = lab["R1"].cli(f"ping {far}")
        ping_time = time.perf_counter() - ping_started
    print(f"routers: {count}")
    print(f"load (parse configs, boot): {load_time:.2f} s")
    print(f"load to all line protocols up: {up_time:.2f} s (all up: {links_up})")
    print(f"events: {events}, {events / (up_time - load_time):,.0f} events/s")
    print(f"memory per router: {memory / count / 1024:.0f} KB")
    print(f"ping R1 -> R{count} ({far}): {ping.splitlines()[-1]} in {ping_time:.2f} s wall")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 200)
