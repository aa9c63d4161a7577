"""What an access list costs forwarding: a 20-router serial chain (bench_chain.py's) pinged end
to end, first with no list anywhere, then with a 100-entry extended list inbound on every
router's link (99 entries that never match, then `permit ip any any`: each echo and each reply
is tested against all 100 at every hop).

    python benchmarks/bench_acl.py [ECHOES]
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from bench_chain import write_chain

import iosemu

ROUTERS = 20
ENTRIES = [f"access-list 150 deny tcp host 172.16.{i // 250}.{i % 250} any eq www" for i in range(99)]
ENTRIES.append("access-list 150 permit ip any any")


def ping_time(lab, echoes: int) -> tuple[float, str]:
    started = time.perf_counter()
    answer = lab["R1"].cli(f"ping 10.0.{ROUTERS - 1}.2 repeat {echoes}")
    return time.perf_counter() - started, answer.splitlines()[-1]


def main(echoes: int = 2000) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        lab = iosemu.Lab.load(write_chain(Path(tmp), ROUTERS))
        lab.advance(5)
        for device in lab:
            device.cli("enable")
        plain, plain_result = ping_time(lab, echoes)
        for device in lab:
            device.cli("configure terminal")
            for line in ENTRIES:
                device.cli(line)
            for port in ("Serial0/0/0", "Serial0/0/1"):
                device.cli(f"interface {port}")
                device.cli("ip access-group 150 in")
            device.cli("end")
        filtered, filtered_result = ping_time(lab, echoes)
        matches = lab[f"R{ROUTERS // 2}"].cli("show access-lists 150").splitlines()[-1].strip()
    packets = echoes * 2 * (ROUTERS - 1)  # each echo and its reply, at every hop
    print(f"{ROUTERS} routers, {echoes} echoes end to end, {packets:,} packets received on a link")
    for label, seconds, result in (
        ("no list", plain, plain_result),
        ("100-entry list in", filtered, filtered_result),
    ):
        print(f"{label + ':':20} {seconds:.2f} s wall ({seconds / packets * 1e6:.1f} us a packet): {result}")
    print(f"cost of the list:    {(filtered - plain) / packets * 1e6:.1f} us a packet")
    print(f"R{ROUTERS // 2}'s last entry: {matches}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 2000)
