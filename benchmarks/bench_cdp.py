"""CDP on a chain of N routers joined by serial HDLC links (bench_chain's): one virtual hour
with CDP advertising every 60 s on every line, beside the same hour with `no cdp run` on
every router (what CDP costs is the difference), and the neighbour tables at the end (every
router but the two ends has two).

    python benchmarks/bench_cdp.py [N]
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from bench_chain import timed_boot, write_chain
from bench_ppp import an_hour

import iosemu
from iosemu.show.cdp import neighbours


def chain(folder: Path, count: int, cdp: bool) -> Path:
    folder.mkdir()
    path = write_chain(folder, count)
    if not cdp:
        for config in folder.glob("R*.cfg"):
            config.write_text(config.read_text() + "no cdp run\n")
    return path


def main(count: int = 200) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        warm = Path(tmp) / "warm-up"
        iosemu.Lab.load(chain(warm, 2, True)).advance(65)  # imports and the grammar cache, out of the timing
        lab = timed_boot(chain(Path(tmp) / "cdp", count, True))[0]
        with_cdp = an_hour(lab)
        tables = [len(neighbours(device.router)) for device in lab]
        quiet = an_hour(timed_boot(chain(Path(tmp) / "quiet", count, False))[0])
        agents = [device.router.services["cdp"].agent.counters for device in lab]
    sent, heard = sum(c.output for c in agents), sum(c.input for c in agents)
    rows = {
        "routers": f"{count}, HDLC links: {count - 1}",
        "one hour with CDP": with_cdp,
        "one hour with no cdp run": quiet,
        "advertisements sent / heard": f"{sent:,} / {heard:,}",
        "neighbours at the end": f"{sum(tables)} (every inner router 2: {set(tables[1:-1]) == {2}})",
    }
    for name, value in rows.items():
        print(f"{name:30} {value}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 200)
