"""The R1 -- R2 -- R3 chain of telnetkit.py, booted, for each test."""

from __future__ import annotations

import pytest
from telnetkit import build_chain


@pytest.fixture
def chain(make_lab):
    return build_chain(make_lab)
