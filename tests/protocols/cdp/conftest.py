"""The CDP bench a minute after boot (cdpkit.py)."""

from __future__ import annotations

import pytest
from cdpkit import load_bench


@pytest.fixture
def bench(tmp_path):
    """Every router has advertised as each line came up and once at t=60, and been heard."""
    lab = load_bench(tmp_path)
    lab.advance(65)
    return lab
