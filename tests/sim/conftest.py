"""Labs written on the fly for the simulation scenarios."""

from __future__ import annotations

import textwrap

import pytest

from iosemu.lab.lab import Lab


@pytest.fixture
def make_lab(tmp_path):
    """make_lab(yaml, **configs): write the lab and its startup-configs, load it."""

    def build(topology: str, **configs: str) -> Lab:
        for name, text in configs.items():
            (tmp_path / f"{name}.cfg").write_text(textwrap.dedent(text).lstrip())
        path = tmp_path / "lab.lab.yml"
        path.write_text(textwrap.dedent(topology).lstrip())
        return Lab.load(path)

    return build


@pytest.fixture
def pair(make_lab):
    """Two 2911s on a serial cable, past boot, both consoles in privileged EXEC."""
    from labkit import pair_lab, settled

    return settled(pair_lab(make_lab))
