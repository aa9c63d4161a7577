"""vty line ranges as IOS makes and prints them: lines are created up to the highest number asked
for, alike neighbours print as one block, 0-4 always apart from the lines added after them, and
the running-config comes back the same after a save and a reload."""

from __future__ import annotations

import pytest
from lab_helpers import one_router, reload_saved

# What IOS prints under every vty line of a fresh router of each model.
VTY_DEFAULTS = {"c2911": [" login", " transport input all"], "c2811": [" login"]}


def configure(router, *lines: str) -> list[str]:
    """Type the lines in global configuration; what the router printed for each."""
    router.cli("configure terminal")
    printed = [router.cli(line) for line in lines]
    router.cli("end")
    return printed


def vty_blocks(router) -> list[str]:
    shown = router.cli("show running-config").split("\n")
    start = next(i for i, line in enumerate(shown) if line.startswith("line vty"))
    return shown[start : shown.index("!", start)]


def shows_after_a_reload_too(router, expected: list[str]) -> None:
    assert vty_blocks(router) == expected
    reload_saved(router)
    assert vty_blocks(router) == expected


def block(numbers: str, *settings: str, hardware: str = "c2911") -> list[str]:
    return [f"line vty {numbers}", *(f" {s}" for s in settings), *VTY_DEFAULTS[hardware]]


@pytest.mark.parametrize("hardware", ["c2911", "c2811"])
def test_a_range_past_4_creates_the_lines_from_5(tmp_path, hardware):
    router = one_router(tmp_path, hardware)
    configure(router, "line vty 6 12")
    shows_after_a_reload_too(router, block("0 4", hardware=hardware) + block("5 12", hardware=hardware))


def test_lines_made_one_by_one_print_in_order(tmp_path):
    router = one_router(tmp_path)
    configure(router, "line vty 9", "exit", "line vty 0 15", "exec-timeout 33854 0")
    shows_after_a_reload_too(
        router, block("0 4", "exec-timeout 33854 0") + block("5 15", "exec-timeout 33854 0")
    )


def test_a_setting_on_part_of_a_range_splits_the_blocks(tmp_path):
    router = one_router(tmp_path)
    configure(router, "line vty 0 15", "exit", "line vty 3 7", "password cisco")
    expected = [
        *block("0 2"),
        *block("3 4", "password cisco"),
        *block("5 7", "password cisco"),
        *block("8 15"),
    ]
    shows_after_a_reload_too(router, expected)


def test_new_lines_take_the_vty_defaults_not_the_settings_of_vty_0(tmp_path):
    router = one_router(tmp_path)
    configure(router, "line vty 0 4", "transport input ssh", "exit", "line vty 5 6")
    assert vty_blocks(router) == [
        "line vty 0 4",
        " login",
        " transport input ssh",
        *block("5 6"),
    ]


def test_no_line_vty_deletes_the_lines_from_there_up(tmp_path):
    router = one_router(tmp_path)
    configure(router, "line vty 0 15", "exit", "no line vty 10 12")
    assert vty_blocks(router) == block("0 4") + block("5 9")
    configure(router, "no line vty 5 15")
    shows_after_a_reload_too(router, block("0 4"))


def test_the_first_five_vty_lines_cannot_be_deleted(tmp_path):
    router = one_router(tmp_path)
    assert configure(router, "line vty 0 7", "exit", "no line vty 3 7") == [
        "",
        "",
        "% Can't delete last 5 VTY lines\n",
    ]
    assert vty_blocks(router) == block("0 4") + block("5 7")


def test_lines_given_the_same_settings_in_another_order_print_as_one_block(tmp_path):
    # Found by the round-trip property: vty 0-1 got access-class then privilege, vty 2 the
    # other way round; IOS prints both the same way, so they are one block, before and after.
    router = one_router(tmp_path)
    configure(
        router,
        "line vty 0 1",
        "access-class 10 in",
        "privilege level 15",
        "line vty 2",
        "privilege level 15",
        "access-class 10 in",
    )
    shows_after_a_reload_too(router, block("0 2", "access-class 10 in", "privilege level 15") + block("3 4"))
