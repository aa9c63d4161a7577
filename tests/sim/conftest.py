"""Labs written on the fly for the simulation scenarios."""

from __future__ import annotations

import pytest


@pytest.fixture
def pair(make_lab):
    """Two 2911s on a serial cable, past boot, both consoles in privileged EXEC."""
    from labkit import pair_lab, settled

    return settled(pair_lab(make_lab))
