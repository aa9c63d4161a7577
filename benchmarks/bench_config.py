"""Configuration cost against the number of interfaces: a startup-config of 100,000
addressed loopbacks booted, 20,000 loopbacks typed at the console, and the cost of one
configuration command on a router with 8 and with 8,000 interfaces.

    python benchmarks/bench_config.py [--loopbacks N] [--typed N] [--repeat N]

The big startup-config is booted straight through `iosemu.cli.boot.boot()` on a Router:
a lab file cannot hold it, because a lab's startup-config must fit the platform's NVRAM
(256 KB on a 2911, and 100,000 loopbacks take 6.6 MB), and what is measured here is
the configuration path (parser, handlers, overlap checks, interfaces coming up), not the
reading of files.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from iosemu.cli.boot import boot  # noqa: E402
from iosemu.cli.session import Session  # noqa: E402
from iosemu.lab.platforms import PLATFORMS  # noqa: E402
from iosemu.sim.clock import Scheduler  # noqa: E402
from iosemu.sim.router import Router  # noqa: E402


def loopback_lines(count: int, first: int = 1) -> list[str]:
    """`interface LoopbackN` with a /32 of its own (10.x.y.z counted up from 10.0.0.1)."""
    lines = []
    for n in range(first, first + count):
        address = 0x0A000000 + n
        dotted = ".".join(str(address >> shift & 255) for shift in (24, 16, 8, 0))
        lines += [f"interface Loopback{n}", f" ip address {dotted} 255.255.255.255", "!"]
    return lines


def booted(loopbacks: int) -> tuple[Router, float]:
    """A 2911 booted from a startup-config of `loopbacks` addressed loopbacks, and the
    seconds the boot took."""
    router = Router("R1", PLATFORMS["c2911"], Scheduler())
    router.startup_config = "\n".join(["hostname R1", *loopback_lines(loopbacks), "end"]) + "\n"
    started = time.perf_counter()
    boot(router)
    took = time.perf_counter() - started
    assert not router.boot_errors, router.boot_errors[:3]
    assert sum(1 for name in router.config.interfaces if name.startswith("Loopback")) == loopbacks
    return router, took


def configuring(router: Router) -> Session:
    console = Session(router)
    for line in ("", "enable", "configure terminal"):
        console.execute(line)
    return console


def typed(count: int) -> float:
    """Seconds to type `count` loopbacks with their addresses at the console."""
    router, _ = booted(0)
    console = configuring(router)
    lines = [line for line in loopback_lines(count) if line != "!"]
    started = time.perf_counter()
    for line in lines:
        output = console.execute(line)
        assert output == "", (line, output)
    took = time.perf_counter() - started
    router.scheduler.advance(1)
    assert all(router.interface_up(f"Loopback{n}") for n in range(1, count + 1))
    return took


COMMANDS = ("interface Loopback1", "description bench", "shutdown", "no shutdown", "exit")


def per_command(interfaces: int, repeat: int) -> float:
    """Median seconds of one configuration command on a router with this many
    interfaces (the platform's eight, then loopbacks from Loopback1)."""
    router, _ = booted(interfaces - len(PLATFORMS["c2911"].interfaces))
    console = configuring(router)
    times = []
    clock = time.perf_counter
    for _ in range(repeat):
        for line in COMMANDS:
            started = clock()
            console.execute(line)
            times.append(clock() - started)
        console.take_inbox()
    assert len(router.config.interfaces) == interfaces
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--loopbacks", type=int, default=100_000)
    parser.add_argument("--typed", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=400, help="rounds of the per-command sequence")
    args = parser.parse_args()
    booted(10)  # imports and the grammar, out of the timing
    _, boot_time = booted(args.loopbacks)
    print(f"boot a startup-config of {args.loopbacks:,} addressed loopbacks: {boot_time:.2f} s")
    print(f"type {args.typed:,} addressed loopbacks at the console: {typed(args.typed):.2f} s")
    commands = ", ".join(f"`{line}`" for line in COMMANDS)
    print(f"one configuration command (median of {commands}):")
    for count in (16, 8_000):
        print(f"  with {count:>5,} interfaces: {per_command(count, args.repeat) * 1e3:.3f} ms")


if __name__ == "__main__":
    main()
