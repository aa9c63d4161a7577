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


def configure(device, *lines: str) -> None:
    """Type configuration lines from privileged EXEC and leave config mode again."""
    device.cli("enable")
    device.cli("configure terminal")
    for line in lines:
        output = device.cli(line)
        assert output == "", f"{line!r}: {output!r}"
    device.cli("end")


def brief(device, interface: str) -> tuple[str, str]:
    """(Status, Protocol) of one interface as `show ip interface brief` prints them."""
    for row in device.cli("show ip interface brief").splitlines():
        if row.startswith(interface + " "):
            return row[54:76].strip(), row[76:].strip()
    raise AssertionError(f"{interface} not listed")
