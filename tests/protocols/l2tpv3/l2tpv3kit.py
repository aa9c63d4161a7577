"""The two-site lab of the L2TPv3 tests: topologies/l2tpv3-pseudowire (PE1 - CORE - PE2 on
serial lines, each PE's Loopback0 the pseudowire's end, PC1 behind PE1's Gi0/1 and PC2 behind
PE2's in 192.168.50.0/24) with its reference solution, and variants of it: other PE settings,
a switch between PE1 and PC1."""

from __future__ import annotations

from pathlib import Path

LAB = Path(__file__).parents[3] / "topologies" / "l2tpv3-pseudowire"
TOPOLOGY = (LAB / "l2tpv3-pseudowire.lab.yml").read_text()
SWITCHED = TOPOLOGY.replace(
    '    - endpoints: ["PE1:GigabitEthernet0/1", "PC1:eth0"]\n',
    '    - endpoints: ["PE1:GigabitEthernet0/1", "SW1:eth0"]\n    - endpoints: ["PC1:eth0", "SW1:eth1"]\n',
).replace("    PC1: {kind: host", "    SW1: {kind: switch}\n    PC1: {kind: host")
CORE = (LAB / "solution" / "CORE.cfg").read_text()


def pe(name: str, password: str = "cisco", vcid: int = 100, class_extra: str = "", pw_extra: str = "") -> str:
    """The reference solution's PE with another l2tp-class password, VC ID, or more lines in
    its l2tp-class or pseudowire-class."""
    config = (LAB / "solution" / f"{name}.cfg").read_text()
    config = config.replace(" password 0 cisco\n", f" password 0 {password}\n{class_extra}")
    config = config.replace(" ip local interface Loopback0\n", f" ip local interface Loopback0\n{pw_extra}")
    return config.replace(" 100 pw-class PW\n", f" {vcid} pw-class PW\n")


def two_sites(make_lab, topology: str = TOPOLOGY, settle: float = 30, **overrides):
    """The lab, booted and `settle` seconds on (lines up, the pseudowire signalled); `PE1=` /
    `PE2=` give other configurations."""
    configs = {"PE1": pe("PE1"), "PE2": pe("PE2"), "CORE": CORE, **overrides}
    lab = make_lab(topology, **configs)
    lab.advance(settle)
    for name in ("PE1", "PE2", "CORE"):
        lab[name].cli("")
        lab[name].cli("enable")
        lab[name].console.take_inbox()
    return lab


def tap(lab) -> list[tuple[str, object]]:
    """Every IP packet of protocol 115 the PEs receive from now on, as (receiver, packet)."""
    log: list[tuple[str, object]] = []
    for name in ("PE1", "PE2"):
        protocols = lab.nodes[name].ip.protocols
        take = protocols[115]

        def heard(interface, packet, take=take, name=name):
            log.append((name, packet))
            take(interface, packet)

        protocols[115] = heard
    return log


def lab_in(folder: Path, **overrides):
    """The lab loaded from `folder` (for a module's fixture, which cannot use make_lab), its
    PEs tapped (`tap`) from the start, booted and 30 seconds on: (lab, the tap's log)."""
    from iosemu.lab.lab import Lab

    configs = {"PE1": pe("PE1"), "PE2": pe("PE2"), "CORE": CORE, **overrides}
    for name, text in configs.items():
        (folder / f"{name}.cfg").write_text(text)
    (folder / "lab.lab.yml").write_text(TOPOLOGY)
    lab = Lab.load(folder / "lab.lab.yml")
    log = tap(lab)
    lab.advance(30)
    return lab, log
