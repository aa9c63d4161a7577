"""The flash file system, inventory and license through the API, and as ntc-templates parses them."""

from __future__ import annotations

import pytest
from lab_helpers import one_router


@pytest.mark.parametrize("hardware", ["c2911", "c2811"])
def test_flash_holds_the_image_show_version_names(tmp_path, hardware):
    router = one_router(tmp_path, hardware)
    image = router.cli("show version").split('System image file is "', 1)[1].split('"')[0]
    prefix, name = image.split(":")
    directory = router.cli("dir")
    assert directory.startswith(f"Directory of {prefix}:/\n") and f"  {name}\n" in directory
    listing = router.cli("show flash:").splitlines()
    used = int(listing[-1].split("(")[1].split()[0])
    free = int(listing[-1].split()[0])
    total = int(directory.splitlines()[-1].split()[0])
    assert used + free == total and used % 4096 == 0


@pytest.mark.parametrize("hardware", ["c2911", "c2811"])
def test_ntc_templates_parse_dir_file_systems_and_inventory(tmp_path, hardware):
    parse_output = pytest.importorskip("ntc_templates.parse").parse_output
    router = one_router(tmp_path, hardware)
    files = parse_output(platform="cisco_ios", command="dir", data=router.cli("dir"))
    assert [f["name"] for f in files] == [router.router.platform.flash.files[0].name]
    systems = parse_output(
        platform="cisco_ios", command="show file systems", data=router.cli("show file systems")
    )
    assert "nvram:" in [s["prefixes"] for s in systems]
    inventory = parse_output(
        platform="cisco_ios", command="show inventory", data=router.cli("show inventory")
    )
    assert inventory[0]["sn"] == router.router.platform.serial_number


def test_nvram_free_bytes_count_the_saved_config(tmp_path):
    router = one_router(tmp_path)
    router.cli("write memory")
    row = next(line for line in router.cli("show file systems").splitlines() if line.endswith("nvram:"))
    size, free = (int(word) for word in row.split()[:2])
    assert size - free == len(router.router.startup_config)
