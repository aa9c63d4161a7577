"""Blocks kept as typed (access lists, maps, key chains): a line that is not one of the
block's own sub-commands leaves the block and is judged in global configuration, as IOS
judges it, instead of being stored in the block."""

from __future__ import annotations

CARET = "                         ^\n% Invalid input detected at '^' marker.\n\n"  # under the first word


def in_block(lab, header: str):
    r1 = lab["R1"]
    for line in ("enable", "configure terminal", header):
        r1.cli(line)
    return r1


def test_a_command_of_no_block_is_refused_in_global_config_not_stored(lab):
    r1 = in_block(lab, "ip access-list standard X")
    assert r1.cli("permit 10.0.0.0 0.0.0.255") == ""
    # not modelled: refused as global configuration refuses it, never a line of the ACL
    assert r1.cli("switchport mode access") == CARET  # an interface command
    assert r1.cli("foo bar") == CARET
    assert r1.console.prompt() == "Router(config-std-nacl)#"
    assert r1.cli("15 deny any") == ""  # a sequenced entry is the list's
    assert r1.cli("remark to the core") == ""
    assert r1.cli("hostname R1") == ""  # a global command leaves the block
    assert r1.console.prompt() == "R1(config)#"
    r1.cli("end")
    assert r1.cli("show running-config | section access-list") == (
        "ip access-list standard X\n permit 10.0.0.0 0.0.0.255\n deny   any\n remark to the core\n"
    )


def test_a_router_block_still_takes_its_many_sub_commands(lab):
    r1 = in_block(lab, "router ospf 1")
    assert r1.cli("network 10.0.0.0 0.0.0.255 area 0") == ""
    assert r1.cli("passive-interface default") == ""
    r1.cli("end")
    assert r1.cli("show running-config | section router") == (
        "router ospf 1\n network 10.0.0.0 0.0.0.255 area 0\n passive-interface default\n"
    )
