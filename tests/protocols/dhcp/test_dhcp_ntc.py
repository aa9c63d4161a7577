"""`show ip dhcp binding` parses with ntc-templates' cisco_ios_show_ip_dhcp_binding, as
automation scripts parse a real router's. The template reads one-word expiration dates
only (its `Value EXPIRATION (\\S+)`), so this table has infinite leases and manual bindings
(research notes on DHCP 0: a dated row is real IOS output the template cannot read)."""

from __future__ import annotations

from ntc_templates.parse import parse_output
from test_dhcp_lab import MANUAL, SCOPE_LAB, SERVER


def test_show_ip_dhcp_binding_parses_with_ntc_templates(make_lab):
    config = SERVER.replace(" lease 8\n", " lease infinite\n").replace(
        "interface", MANUAL.lstrip() + "interface", 1
    )
    lab = make_lab(
        SCOPE_LAB.replace(
            "PC3: {kind: host, ip: 10.0.0.4/24, gateway: 10.0.0.1}", "PC3: {kind: host, dhcp: true}"
        ),
        R1=config,
    )
    lab.advance(30)
    r1 = lab["R1"]
    r1.cli("enable")
    parsed = parse_output(
        platform="cisco_ios", command="show ip dhcp binding", data=r1.cli("show ip dhcp binding")
    )
    assert parsed == [
        {
            "ip_address": "10.0.0.2",
            "hardware_address": "0100.5056.a100.03",
            "expiration": "Infinite",
            "type": "Automatic",
        },
        {
            "ip_address": "10.0.0.50",
            "hardware_address": "0100.5056.a100.01",
            "expiration": "Infinite",
            "type": "Manual",
        },
        {
            "ip_address": "10.0.0.60",
            "hardware_address": "0050.56a1.0002",
            "expiration": "Infinite",
            "type": "Manual",
        },
    ]
