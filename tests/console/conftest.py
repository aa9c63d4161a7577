"""The `serve` fixture: a lab served on loopback until the test ends."""

from __future__ import annotations

import pytest
from served_lab import R1, SERVED, Served


@pytest.fixture
def serve(make_lab):
    """serve(topology=SERVED, speed=1, typed=(), **configs): the lab served until the test ends."""
    running: list[Served] = []

    def start(
        topology: str = SERVED, speed: float = 1.0, typed: tuple[str, ...] = (), **configs: str
    ) -> Served:
        """`typed`: lines typed at R1's console before the lab is served."""
        lab = make_lab(topology, **({"R1": R1} | configs))
        for line in typed:
            lab["R1"].cli(line)
        served = Served(lab, speed)
        running.append(served)
        return served

    yield start
    for served in running:
        served.stop()
