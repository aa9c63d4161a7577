"""`show cdp neighbors` and `show cdp neighbors detail` of both releases parse with
ntc-templates (the TextFSM templates network automation reads IOS with) into what the
routers really are."""

from __future__ import annotations

from ntc_templates.parse import parse_output


def parsed(device, command: str) -> list[dict]:
    return parse_output(platform="cisco_ios", command=command, data=device.cli(command))


def test_show_cdp_neighbors_parses(bench):
    assert parsed(bench["R1"], "show cdp neighbors") == [
        {
            "neighbor_name": "R2",
            "local_interface": "Gig 0/0",
            "capabilities": "R B S I",
            "platform": "CISCO2911",
            "neighbor_interface": "Gig 0/0",
        },
        {
            "neighbor_name": "R3",
            "local_interface": "Ser 0/0/0",
            "capabilities": "R S I",
            "platform": "2811",
            "neighbor_interface": "Ser 0/0/0",
        },
        {
            "neighbor_name": "R2",
            "local_interface": "Ser 0/1/0",
            "capabilities": "R B S I",
            "platform": "CISCO2911",
            "neighbor_interface": "Ser 0/1/0",
        },
    ]
    rows = parsed(bench["R3"], "show cdp neighbors")  # the 12.4 layout
    assert [(r["neighbor_name"], r["local_interface"], r["neighbor_interface"]) for r in rows] == [
        ("R1", "Ser 0/0/0", "Ser 0/0/0"),
        ("R2", "Ser 0/0/1", "Ser 0/0/0"),
    ]


def test_show_cdp_neighbors_detail_parses(bench):
    rows = parsed(bench["R3"], "show cdp neighbors detail")
    assert rows[0] == {
        "neighbor_name": "R1",
        "mgmt_address": "10.0.13.1",
        "platform": "Cisco CISCO2911/K9",
        "neighbor_interface": "Serial0/0/0",
        "local_interface": "Serial0/0/0",
        "neighbor_description": "Cisco IOS Software, C2900 Software (C2900-UNIVERSALK9-M), Version 15.2(4)M3, "
        "RELEASE SOFTWARE (fc1)",
        "capabilities": "Router Source-Route-Bridge Switch IGMP",
    }
    r1 = parsed(bench["R1"], "show cdp neighbors detail")
    assert [(r["neighbor_name"], r["local_interface"], r["platform"]) for r in r1] == [
        ("R2", "GigabitEthernet0/0", "Cisco CISCO2911/K9"),
        ("R3", "Serial0/0/0", "Cisco 2811"),
        ("R2", "Serial0/1/0", "Cisco CISCO2911/K9"),
    ]
