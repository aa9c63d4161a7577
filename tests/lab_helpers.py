"""The factory-fresh lab most tests start from."""

from __future__ import annotations

from pathlib import Path

BLANK_WAN = Path(__file__).parent / "labs" / "blank-wan.lab.yml"


def fresh_lab(folder: Path):
    """Two factory-fresh routers on a serial cable, loaded from a private copy of the lab
    file so that `write memory` saves its NVRAM files in `folder`."""
    import shutil

    from iosemu.lab.lab import Lab

    copy = Path(folder) / BLANK_WAN.name
    shutil.copyfile(BLANK_WAN, copy)
    return Lab.load(copy)
