"""Frame Relay test labs: a hub and two spokes through a frame-relay-switch node (DLCI 102
and 103 at the hub, 201 and 301 at the spokes), each router's config given by the test."""

from __future__ import annotations

HUB_AND_SPOKES = """
name: fr-hub
topology:
  nodes:
    HQ: {startup-config: HQ.cfg}
    B1: {startup-config: B1.cfg}
    B2: {startup-config: B2.cfg}
    FRSW:
      kind: frame-relay-switch
      ports:
        s1: {lmi-type: %(hq_lmi)s}
        s2: {lmi-type: %(b1_lmi)s}
        s3: {lmi-type: %(b2_lmi)s}
      pvcs:
        - endpoints: [s1:102, s2:201]
        - endpoints: [s1:103, s3:301]
  links:
    - endpoints: ["HQ:Serial0/0/0", "FRSW:s1"]
    - endpoints: ["B1:Serial0/0/0", "FRSW:s2"]
    - endpoints: ["B2:Serial0/0/0", "FRSW:s3"]
"""


def multipoint(hostname: str, address: str, *lines: str) -> str:
    """A router whose Serial0/0/0 runs Frame Relay with an address (and any more lines)."""
    more = "".join(f" {line}\n" for line in lines)
    return (
        f"hostname {hostname}\ninterface Serial0/0/0\n ip address {address} 255.255.255.0\n"
        f" encapsulation frame-relay\n{more} no shutdown\nend\n"
    )


def hub_lab(make_lab, hq: str, b1: str, b2: str, hq_lmi="cisco", b1_lmi="cisco", b2_lmi="cisco"):
    """The hub and spokes lab with these configs, booted (the clock at 0)."""
    topology = HUB_AND_SPOKES % {"hq_lmi": hq_lmi, "b1_lmi": b1_lmi, "b2_lmi": b2_lmi}
    lab = make_lab(topology, HQ=hq, B1=b1, B2=b2)
    for device in lab:
        device.cli("enable")
    return lab


def standard(make_lab, **switch_lmi):
    """Hub 10.1.1.1, spokes .2 and .3, all learning by Inverse ARP on the main interface."""
    return hub_lab(
        make_lab,
        multipoint("HQ", "10.1.1.1"),
        multipoint("B1", "10.1.1.2"),
        multipoint("B2", "10.1.1.3"),
        **switch_lmi,
    )


BACK_TO_BACK = """
name: fr-b2b
topology:
  nodes:
    R1: {startup-config: R1.cfg}
    R2: {startup-config: R2.cfg}
  links:
    - endpoints: ["R1:Serial0/0/0", "R2:Serial0/0/0"]
      dce: R1
"""


def two_routers(make_lab, r1: str, r2: str):
    """Two routers on a serial cable (R1 the DCE end), no switch between them, booted."""
    lab = make_lab(BACK_TO_BACK, R1=r1, R2=r2)
    for device in lab:
        device.cli("enable")
    return lab


def back_to_back(make_lab, dce_lines=(), dte_lines=()):
    """R1 the Frame Relay DCE (`frame-relay intf-type dce`, DLCI 102) of R2's line, booted
    (the clock at 0); more interface lines for each as given."""
    r1 = multipoint(
        "R1", "10.1.1.1", "frame-relay intf-type dce", "frame-relay interface-dlci 102", *dce_lines
    )
    return two_routers(make_lab, "frame-relay switching\n" + r1, multipoint("R2", "10.1.1.2", *dte_lines))


def lmi_counters(device, interface: str = "Serial0/0/0") -> dict[str, int]:
    """`show frame-relay lmi` of one line as {label: number} (both columns)."""
    found = {}
    for line in device.cli(f"show frame-relay lmi {interface}").splitlines()[2:]:
        for field in (line[:40], line[40:]):
            label, _, number = field.strip().rpartition(" ")
            if number.isdigit():
                found[label] = int(number)
    return found


def line_protocol(device, interface: str = "Serial0/0/0") -> str:
    """`up` or `down`, as the first line of show interfaces says."""
    return device.cli(f"show interfaces {interface}").splitlines()[0].split()[-1]


def point_to_point(hostname: str, *subinterfaces: tuple[int, str]) -> str:
    """A router whose Serial0/0/0 runs Frame Relay with no address, and a point-to-point
    subinterface Serial0/0/0.DLCI with a /24 address for each (DLCI, address)."""
    subs = "".join(
        f"interface Serial0/0/0.{dlci} point-to-point\n ip address {address} 255.255.255.0\n"
        f" frame-relay interface-dlci {dlci}\n"
        for dlci, address in subinterfaces
    )
    return (
        f"hostname {hostname}\ninterface Serial0/0/0\n no ip address\n encapsulation frame-relay\n"
        f" no shutdown\n{subs}end\n"
    )


def configure(device, *lines: str) -> None:
    """Type lines in global configuration mode, each accepted silently."""
    device.cli("configure terminal")
    for line in lines:
        assert device.cli(line) == "", line
    device.cli("end")


def syslog(device) -> list[str]:
    """The messages the console showed since last read, timestamps cut off."""
    return [line.split(": ", 1)[1] for line in device.console.take_inbox() if ": %" in line]


def pvc_status(device, dlci: int) -> str:
    """ACTIVE, INACTIVE, DELETED or STATIC: the PVC's status in `show frame-relay pvc DLCI`."""
    shown = device.cli(f"show frame-relay pvc {dlci}")
    return shown.split("PVC STATUS = ")[1].split(",")[0]


def counters(device, dlci: int) -> dict[str, int]:
    """The counters of `show frame-relay pvc DLCI` by name (`input pkts`, `out bcast pkts`...)."""
    import re

    shown = device.cli(f"show frame-relay pvc {dlci}")
    return {
        name: int(value) for name, value in re.findall(r"(?<=  )([a-zA-Z][a-zA-Z ]*?) (\d+)(?= |$)", shown)
    }


PAIR = """
name: fr-pair
topology:
  nodes:
    R1: {startup-config: R1.cfg}
    R2: {startup-config: R2.cfg}
    FRSW:
      kind: frame-relay-switch
      ports:
        s1: {lmi-type: cisco, clock-rate: %(clock1)d}
        s2: {lmi-type: cisco, clock-rate: %(clock2)d}
      pvcs:
        - {endpoints: [s1:102, s2:201]%(contract)s}
  links:
    - endpoints: ["R1:Serial0/0/0", "FRSW:s1"]
    - endpoints: ["R2:Serial0/0/0", "FRSW:s2"]
"""


def pair_lab(make_lab, r1: str, r2: str, clock1=2000000, clock2=2000000, cir=None, bc=None, be=None):
    """R1 (DLCI 102, port s1) and R2 (DLCI 201, port s2) through a frame-relay-switch node,
    each port clocking its line at its rate; the PVC policed when given a CIR (and Bc, Be).
    Booted (the clock at 0)."""
    contract = "".join(f", {key}: {value}" for key, value in (("cir", cir), ("bc", bc), ("be", be)) if value)
    topology = PAIR % {"clock1": clock1, "clock2": clock2, "contract": contract}
    lab = make_lab(topology, R1=r1, R2=r2)
    for device in lab:
        device.cli("enable")
    return lab
