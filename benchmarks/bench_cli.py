"""CLI speed: execute, `?`, Tab on one console, and the start-up time of `iosemu run`.

python benchmarks/bench_cli.py [--repeat N]
Prints one row per measurement: the median, the target and whether it is met.

With fake-switches 1.5.0 importable, the same commands are also timed on its Cisco core in this
process, alternating call by call with ours, and printed side by side; its figure is the target.
Its 2960 core has no loopbacks, so it is given a port named Loopback1 for `interface Loopback1`
to enter, as ours does. Its Twisted pin (< 17) does not build on current Pythons, and its Cisco
core does not use Twisted: `pip install --no-deps fake-switches==1.5.0 && pip install netaddr tftpy`.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from iosemu.lab.lab import Lab  # noqa: E402

MS = 1e-3
PEER = "fake-switches 1.5.0"
PEER_INSTALL = "pip install --no-deps fake-switches==1.5.0 && pip install netaddr tftpy"
CONFIG_SEQUENCE = ("configure terminal", "interface Loopback1", "description bench", "exit", "exit")


def median_time(
    action: Callable[[], object], repeat: int, before: Callable[[], object] | None = None
) -> float:
    """Median seconds of `action` (`before` runs untimed ahead of each call)."""
    times = []
    clock = time.perf_counter
    for _ in range(repeat):
        if before is not None:
            before()
        start = clock()
        action()
        times.append(clock() - start)
    return statistics.median(times)


def side_by_side(
    ours: Callable[[], object], theirs: Callable[[], object], repeat: int
) -> tuple[float, float]:
    """Median seconds of each action, timed alternately so that load on the machine hits both."""
    mine, peer = [], []
    clock = time.perf_counter
    for _ in range(repeat):
        start = clock()
        ours()
        middle = clock()
        theirs()
        mine.append(middle - start)
        peer.append(clock() - middle)
    return statistics.median(mine), statistics.median(peer)


def peer_console() -> Callable[[str], str] | None:
    """A console on fake-switches' Cisco core driven in-process (no network), or None."""
    try:
        from fake_switches.cisco.cisco_core import Cisco2960SwitchCore
        from fake_switches.switch_configuration import Port, SwitchConfiguration
        from fake_switches.terminal import TerminalController
    except ImportError:
        return None

    class Screen(TerminalController):
        def __init__(self) -> None:
            self.written: list[str] = []

        def write(self, text: str) -> None:
            self.written.append(text)

        def add_any_key_handler(self, callback, *params) -> None:
            pass

        def remove_any_key_handler(self) -> None:
            pass

    ports = [*Cisco2960SwitchCore.get_default_ports(), Port("Loopback1")]
    switch = SwitchConfiguration("127.0.0.1", name="R1", auto_enabled=True, ports=ports)
    screen = Screen()
    shell = Cisco2960SwitchCore(switch).launch("bench", screen)

    def execute(line: str) -> str:
        screen.written.clear()
        shell.receive(line)
        return "".join(screen.written)

    return execute


def first_line_time(topology: Path, runs: int) -> float:
    """Wall time of `python -m iosemu run TOPOLOGY --script -` up to its first output line."""
    times = []
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    for _ in range(runs):
        start = time.perf_counter()
        process = subprocess.Popen(
            [sys.executable, "-m", "iosemu", "run", str(topology), "--script", "-"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env=env,
        )
        process.stdin.write("show clock\n")
        process.stdin.close()
        process.stdout.readline()
        times.append(time.perf_counter() - start)
        process.stdout.read()
        process.wait()
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=5, help="start-ups of `iosemu run` to time")
    args = parser.parse_args()
    n = args.repeat

    lab = Lab.load()
    device = lab["R1"]
    session = device.console
    config = device.router.config
    rows: list[tuple[str, float, float]] = []

    def enter(mode: str, *lines: str) -> Callable[[], None]:
        def setup() -> None:
            session.set_mode(mode, config if mode == "config" else None)
            for line in lines:
                session.execute(line)

        return setup

    for setup, line in (
        (enter("priv_exec"), "show ip interface brief"),
        (enter("config"), "interface Serial0/0/0"),
        (enter("config", "interface Serial0/0/0"), "ip address 10.0.0.1 255.255.255.252"),
    ):
        setup()
        output = session.execute(line)
        if output.lstrip().startswith(("%", "^")):
            raise SystemExit(f"benchmark command failed: {line!r}\n{output}")
        setup()
        rows.append((f"execute  {line}", median_time(lambda t=line: session.execute(t), n, setup), 0.2 * MS))

    enter("config", "interface Serial0/0/0")()
    for text in ("", "ip ", "ip address 10.0.0.1 "):
        rows.append(
            (f"help     (config-if) '{text}?'", median_time(lambda t=text: session.help(t), n), 2 * MS)
        )
    session.set_mode("priv_exec")
    for text in ("", "show ", "show ip ", "sh"):
        rows.append((f"help     (exec) '{text}?'", median_time(lambda t=text: session.help(t), n), 2 * MS))
    for text in ("sh", "show ip int", "conf"):
        rows.append(
            (f"complete (exec) '{text}<Tab>'", median_time(lambda t=text: session.complete(t), n), 2 * MS)
        )

    peer = peer_console()
    session.set_mode("priv_exec")
    comparisons = []
    for name, lines in (
        ("show running-config", ["show running-config"]),
        (", ".join(CONFIG_SEQUENCE), CONFIG_SEQUENCE),
        ("show version", ["show version"]),
    ):
        for line in lines:  # both consoles take every line (and end where they started)
            output = session.execute(line)
            if output.lstrip().startswith(("%", "^")):
                raise SystemExit(f"benchmark command failed: {line!r}\n{output}")
            if peer is not None and "Invalid input" in peer(line):
                raise SystemExit(f"benchmark command failed on {PEER}: {line!r}")
        # Each line typed and the next prompt drawn, as the peer's `receive` does.
        ours = lambda lines=lines: [session.execute(line) + session.prompt() for line in lines]  # noqa: E731
        if peer is None:
            comparisons.append((name, median_time(ours, n), None))
        else:
            comparisons.append((name, *side_by_side(ours, lambda lines=lines: [peer(t) for t in lines], n)))

    startup = first_line_time(ROOT / "topologies" / "serial-wan" / "serial-wan.lab.yml", args.runs)
    rows.append(("iosemu run: first output line", startup, 0.5))

    width = max(len(name) for name, _, _ in rows)
    print(f"{'measurement'.ljust(width)}  {'median':>10}  {'target':>10}")
    for name, seconds, target in rows:
        verdict = "ok" if seconds < target else "SLOW"
        print(f"{name.ljust(width)}  {_fmt(seconds):>10}  {'< ' + _fmt(target):>10}  {verdict}")

    print()
    width = max(len(name) for name, _, _ in comparisons)
    heading = f"against {PEER}, same process"
    print(f"{heading.ljust(width)}  {'iosemu':>10}  {PEER.split()[0]:>13}")
    for name, seconds, theirs in comparisons:
        if theirs is None:
            print(f"{name.ljust(width)}  {_fmt(seconds):>10}")
        else:
            verdict = "ok" if seconds < theirs else "SLOW"
            print(f"{name.ljust(width)}  {_fmt(seconds):>10}  {_fmt(theirs):>13}  {verdict}")
    if peer is None:
        print(f"({PEER} is not installed: `{PEER_INSTALL}` for its figures side by side)")


def _fmt(seconds: float) -> str:
    return f"{seconds:.2f} s" if seconds >= 0.1 else f"{seconds / MS:.3f} ms"


if __name__ == "__main__":
    main()
