"""Grading speed on a three-router lab (fr-hub-spoke: three routers, a Frame Relay switch,
five checks), or another graded lab: one submission on one core (the median of 20), then N
submissions (the reference solution, every tenth with a spoke's map missing `broadcast`)
graded in parallel on all cores, as `iosemu grade --submissions` does.

    python benchmarks/bench_grade.py [N] [LAB]
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

TOPOLOGIES = Path(__file__).parents[1] / "topologies"


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    name = sys.argv[2] if len(sys.argv) > 2 else "fr-hub-spoke"
    lab = TOPOLOGIES / name / f"{name}.lab.yml"
    solution = lab.parent / "solution"
    times = []
    for _ in range(20):
        start = time.perf_counter()
        grade(lab, solution)
        times.append(time.perf_counter() - start)
    print(f"{name}: one submission, one core: {statistics.median(times) * 1000:.1f} ms (median of 20)")
    with tempfile.TemporaryDirectory() as folder:
        submissions = []
        for i in range(count):
            path = Path(folder) / f"s{i:04d}"
            shutil.copytree(solution, path)
            if i % 10 == 0:
                r2 = path / "R2.cfg"
                r2.write_text(r2.read_text().replace("201 broadcast", "201", 1))
            submissions.append(str(path))
        start = time.perf_counter()
        reports = grade_all(lab, submissions)
        wall = time.perf_counter() - start
    passed = sum(r.passed for r in reports)
    print(f"{count} submissions on {os.cpu_count()} cores: {wall:.1f} s wall ({passed} passed)")


if __name__ == "__main__":
    main()
