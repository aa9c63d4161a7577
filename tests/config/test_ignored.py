"""`default` and `no` forms of the lines IOS prints by itself on a fresh router (`ip cef`,
`redundancy`, `control-plane`, `no ipv6 cef`, `transport input all` on the vty lines...): what
the running-config shows afterwards is what it shows again after a save and a reload."""

from __future__ import annotations

import pytest
from lab_helpers import config_body, one_router, reload_saved

from iosemu.lab.platforms import PLATFORMS


def running_config(router) -> list[str]:
    return config_body(router.router)


def typed(router, *lines: str) -> None:
    router.cli("configure terminal")
    for line in lines:
        assert router.cli(line) == "", line
    router.cli("end")


def printed_by_ios(hardware: str) -> list[str]:
    """The global lines a fresh router of this model prints without being told to."""
    return [line for lines in PLATFORMS[hardware].default_extra.values() for line in lines]


def positive(line: str) -> str:
    return line[3:] if line.startswith("no ") else line


@pytest.mark.parametrize("hardware", sorted(PLATFORMS))
def test_default_forms_give_back_the_lines_ios_prints_by_itself(tmp_path, hardware):
    router = one_router(tmp_path, hardware)
    fresh = running_config(router)
    typed(router, *(f"default {positive(line)}" for line in printed_by_ios(hardware)))
    assert running_config(router) == fresh
    reload_saved(router)
    assert running_config(router) == fresh


@pytest.mark.parametrize("line", ["default redundancy", "default control-plane", "default ipv6 cef"])
def test_the_reported_default_forms_leave_the_config_as_a_reload_makes_it(tmp_path, line):
    router = one_router(tmp_path, "c2911")
    fresh = running_config(router)
    typed(router, line)
    assert running_config(router) == fresh
    reload_saved(router)
    assert running_config(router) == fresh


@pytest.mark.parametrize("hardware", sorted(PLATFORMS))
def test_no_forms_stay_as_they_are_after_a_reload(tmp_path, hardware):
    router = one_router(tmp_path, hardware)
    typed(router, *(f"no {positive(line)}" for line in printed_by_ios(hardware)))
    before = running_config(router)
    reload_saved(router)
    assert running_config(router) == before


def test_no_cef_is_shown_and_kept(tmp_path):
    router = one_router(tmp_path, "c2911")
    typed(router, "no ip cef", "ipv6 cef")
    reload_saved(router)
    config = running_config(router)
    assert "no ip cef" in config and "ipv6 cef" in config and "no ipv6 cef" not in config


@pytest.mark.parametrize("line", ["no redundancy", "no control-plane"])
def test_the_platform_blocks_cannot_be_removed(tmp_path, line):
    router = one_router(tmp_path, "c2911")
    fresh = running_config(router)
    typed(router, line)
    assert running_config(router) == fresh


def test_default_forms_in_line_mode_give_back_the_line_defaults(tmp_path):
    router = one_router(tmp_path, "c2911")
    fresh = running_config(router)
    typed(
        router,
        "line vty 0 4",
        "transport input ssh",
        "default transport input",
        "line 2",
        "stopbits 2",
        "default stopbits",
        "default exec",
    )
    assert running_config(router) == fresh
    reload_saved(router)
    assert running_config(router) == fresh


def test_default_forms_inside_a_block_remove_the_command(tmp_path):
    router = one_router(tmp_path, "c2911")
    typed(router, "router ospf 1", "no auto-summary", "default passive-interface Serial0/0/0", "auto-summary")
    shown = router.cli("show running-config | section router ospf")
    assert shown == "router ospf 1\n auto-summary\n"


def test_numbered_access_list_lines_add_entries_and_no_removes_the_whole_list(tmp_path):
    router = one_router(tmp_path)
    typed(
        router,
        "access-list 10 permit 192.168.1.0 0.0.0.255",
        "access-list 10 deny any",
        "access-list 10 permit 192.168.1.0 0.0.0.255",  # the same entry again: still one
        "access-list 20 permit host 10.0.0.1",
    )
    lists = [  # as IOS writes them (the ziptie running-configs: `deny   `, a host without `host`)
        "access-list 10 permit 192.168.1.0 0.0.0.255",
        "access-list 10 deny   any",
        "access-list 20 permit 10.0.0.1",
    ]
    assert [line for line in running_config(router) if line.startswith("access-list")] == lists
    reload_saved(router)
    assert [line for line in running_config(router) if line.startswith("access-list")] == lists
    typed(router, "no access-list 10 deny any")  # IOS: any entry's `no` takes the whole list
    assert [line for line in running_config(router) if "access-list" in line] == lists[2:]


def test_each_logging_host_is_its_own_setting(tmp_path):
    # `logging host B` used to replace `logging host A`, as `logging buffered` replaces itself.
    router = one_router(tmp_path)
    typed(
        router,
        "logging host 10.0.0.1",
        "logging host 10.0.0.2",
        "logging buffered 8192",
        "logging buffered 4096",
    )
    shown = [line for line in running_config(router) if line.startswith("logging")]
    assert sorted(shown) == ["logging buffered 4096", "logging host 10.0.0.1", "logging host 10.0.0.2"]


def test_ip_route_typed_in_interface_mode_is_the_global_static_route(tmp_path):
    # `route` abbreviates `route-cache` there, whose only arguments are keywords: IOS tries
    # the line in global configuration, where it is a static route (a startup-config's
    # `ip route` after an interface block is read the same way).
    router = one_router(tmp_path, "c2911")
    typed(
        router,
        "interface Serial0/0/0",
        "ip route-cache same-interface",
        "ip route 10.9.0.0 255.255.0.0 10.0.0.2",
    )
    body = running_config(router)
    assert "ip route 10.9.0.0 255.255.0.0 10.0.0.2" in body and " ip route-cache same-interface" in body
    assert not any("route-cache 10.9" in line for line in body)
