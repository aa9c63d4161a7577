"""Grading speed: the hdlc-static lab (two routers, two PCs, six checks), one submission on
one core (the median of 20), then N submissions (the reference solution, every tenth with
its clock rate left out) graded in parallel on all cores, as `iosemu grade --submissions`.

    python benchmarks/bench_grade.py [N]
"""

from __future__ import annotations

import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from iosemu.lab.grading import grade, grade_all

LAB = Path(__file__).parents[1] / "topologies" / "hdlc-static" / "hdlc-static.lab.yml"
SOLUTION = LAB.parent / "solution"


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    times = []
    for _ in range(20):
        start = time.perf_counter()
        grade(LAB, SOLUTION)
        times.append(time.perf_counter() - start)
    print(f"one submission, one core: {statistics.median(times) * 1000:.1f} ms (median of 20)")
    with tempfile.TemporaryDirectory() as folder:
        submissions = []
        for i in range(count):
            path = Path(folder) / f"s{i:04d}"
            shutil.copytree(SOLUTION, path)
            if i % 10 == 0:
                r1 = path / "R1.cfg"
                r1.write_text(r1.read_text().replace(" clock rate 64000\n", ""))
            submissions.append(str(path))
        start = time.perf_counter()
        reports = grade_all(LAB, submissions)
        wall = time.perf_counter() - start
    passed = sum(r.passed for r in reports)
    print(f"{count} submissions on {os.cpu_count()} cores: {wall:.1f} s wall ({passed} passed)")


if __name__ == "__main__":
    main()
