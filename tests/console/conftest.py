"""The `serve` fixture: a lab served on loopback until the test ends."""

from __future__ import annotations

import pytest
from served_lab import R1, SERVED, Served


@pytest.fixture
def serve(make_lab):
    """serve(topology=SERVED, speed=1, **configs): the lab served until the test ends."""
    running: list[Served] = []

    def start(topology: str = SERVED, speed: float = 1.0, **configs: str) -> Served:
        served = Served(make_lab(topology, **({"R1": R1} | configs)), speed)
        running.append(served)
        return served

    yield start
    for served in running:
        served.stop()
