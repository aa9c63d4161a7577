"""Every lab under topologies/ captured on all its links while it runs (its reference
solution where it has one, then its checks and a ping from every router to every other
router's addresses), each file read by tshark: every
frame decodes, none malformed, none left as undissected data, no checksum wrong, and what
the frames say agrees with what the routers report (DLCIs, CHAP names, DHCP addresses,
SLARP sequence numbers)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from tsharkkit import ACK, INBOUND, OUTBOUND, WARNING, needs_tshark, tshark

from iosemu.lab import checks as checks_module
from iosemu.lab.grading import Report, evaluate, settle, submitted
from iosemu.lab.lab import Lab
from iosemu.lab.topology import load_topology

TOPOLOGIES = Path(__file__).resolve().parents[2] / "topologies"
LABS = sorted(path.parent.name for path in TOPOLOGIES.glob("*/*.lab.yml"))
pytestmark = needs_tshark
# tshark reads L2TPv3's Remote End ID AVP as text; IOS puts the 4-octet VC ID there (RFC 4667
# 4.3's binary form), whose zero octets tshark calls stray: its only warning on a real capture.
BINARY_STRINGS = {"Trailing stray characters"}
# The built-in lab starts with routers that have only their names: its line brought up as a
# student would (HDLC, the default encapsulation).
TYPED = {
    "serial-wan": {
        "R1": [
            "interface Serial0/0/0",
            "ip address 10.0.0.1 255.255.255.252",
            "clock rate 64000",
            "no shutdown",
        ],
        "R2": ["interface Serial0/0/0", "ip address 10.0.0.2 255.255.255.252", "no shutdown"],
    }
}


def ping_everywhere(lab: Lab) -> None:
    """Every router pings every address the other routers have (IP over each link's framing,
    and the ICMP errors of what it cannot reach)."""
    routers = [device for device in lab if device.kind == "router"]
    addresses = {
        device.name: [i.address.ip for i in device.router.config.interfaces.values() if i.address]
        for device in routers
    }
    for device in routers:
        device.cli("")
        device.cli("enable")
        for other, owned in addresses.items():
            for address in owned if other != device.name else ():
                device.cli(f"ping {address} repeat 2")


def run_captured(name: str, folder: Path) -> tuple[Lab, dict[str, list[dict]]]:
    """The lab booted from its solution (or its own startup-configs), captured on every link
    while it settles and its checks run, then for another minute."""
    path = next((TOPOLOGIES / name).glob("*.lab.yml"))
    topology = load_topology(path)
    solution = TOPOLOGIES / name / "solution"
    if solution.is_dir():
        topology = submitted(topology, solution, Report(str(solution)))
    (folder / "nvram").mkdir()
    lab = Lab(topology, nvram=folder / "nvram")
    captures = lab.capture_all(folder / "pcap")
    for router, lines in TYPED.get(name, {}).items():
        for line in ("", "enable", "configure terminal", *lines, "end"):
            lab[router].cli(line)
    settle(lab)
    evaluate(lab, checks_module.load(topology))
    ping_everywhere(lab)
    lab.advance(60)
    lab.stop_captures()
    return lab, {capture.point: tshark(Path(capture.name)) for capture in captures}


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    made: dict[str, tuple[Lab, dict]] = {}

    def run(name: str):
        if name not in made:
            made[name] = run_captured(name, tmp_path_factory.mktemp(name))
        return made[name]

    return run


@pytest.mark.parametrize("name", LABS)
def test_every_frame_of_every_lab_decodes_cleanly(runs, name):
    _, files = runs(name)
    assert sum(len(frames) for frames in files.values()) > 0, "the lab sent nothing"
    for point, frames in files.items():
        for number, frame in enumerate(frames, 1):
            where = f"{name} {point} frame {number} ({':'.join(frame['frame.protocols'])})"
            layers = frame["frame.protocols"][0].split(":")
            assert "_ws.malformed" not in layers, where
            undecoded = [at for at, layer in enumerate(layers) if layer == "data"]
            assert all(layers[at - 1] == "icmp" for at in undecoded), where  # only an echo's payload
            warned = [
                message
                for severity, message in zip(
                    frame["_ws.expert.severity"], frame["_ws.expert.message"], strict=True
                )
                if int(severity, 0) >= WARNING and message not in BINARY_STRINGS
            ]
            assert not warned, (where, warned)
            assert frame["frame.packet_flags_direction"][0] in ("0x00000001", "0x00000002"), where


@pytest.mark.parametrize("name", [lab for lab in LABS if lab.startswith("fr-")])
def test_the_dlcis_on_a_line_are_the_pvcs_its_router_shows(runs, name):
    lab, files = runs(name)
    for point, frames in files.items():
        device = lab[point.split(":")[0]]
        if device.kind != "router":
            continue
        device.cli("enable")
        shown = set(map(int, re.findall(r"DLCI = (\d+),", device.cli("show frame-relay pvc"))))
        carried = {int(d) for frame in frames for d in frame["fr.dlci"]} - {0, 1023}  # LMI's own
        assert carried and carried <= shown, (point, carried, shown)


def _direction(frame) -> int:
    return int(frame["frame.packet_flags_direction"][0], 16)


def test_the_chap_names_are_the_hostnames_and_the_peer_name_ppp_shows(runs):
    lab, files = runs("ppp-chap")
    r1 = lab["R1"]
    r1.cli("enable")
    row = next(line for line in r1.cli("show ppp all").splitlines() if line.startswith("Se0/0/0"))
    chap = [frame for frame in files["R1:Serial0/0/0"] if frame["chap.name"]]
    sent = {name for frame in chap if _direction(frame) == OUTBOUND for name in frame["chap.name"]}
    heard = {name for frame in chap if _direction(frame) == INBOUND for name in frame["chap.name"]}
    assert sent == {"R1"} and heard == {row.split()[-1]} == {"R2"}


@pytest.mark.parametrize(
    ("name", "point"), [("dhcp-scope-router", "R1:GigabitEthernet0/0"), ("dhcp-scope-server", "SRV:eth0")]
)
def test_the_addresses_dhcp_acks_carry_are_the_bindings_the_server_shows(runs, name, point):
    lab, files = runs(name)
    acked = {frame["dhcp.ip.your"][0] for frame in files[point] if frame["dhcp.option.dhcp"] == [ACK]}
    if name == "dhcp-scope-router":
        lab["R1"].cli("enable")
        bound = set(re.findall(r"^(\d+\.\d+\.\d+\.\d+)\s", lab["R1"].cli("show ip dhcp binding"), re.M))
    else:
        bound = {str(lease.address) for lease in lab["SRV"].leases}
    assert acked and acked == bound


@pytest.mark.parametrize("name", ["hdlc-static", "serial-wan"])
def test_slarp_sequence_numbers_count_keepalives_and_echo_the_peer(runs, name):
    """Each end numbers its keepalives 1, 2, 3 ... and sends back the last number it had
    heard when it sent (what `debug serial interface` prints as myseq and yourseen): two
    keepalives sent at the same moment cross on the line. R1's capture stamps R1's keepalives
    as they leave and R2's as they arrive, within a second of R2 sending them (behind a CDP
    frame on the line at worst), so R2 had heard those R1 sent more than a second before."""
    _, files = runs(name)
    sent = {OUTBOUND: [], INBOUND: []}  # each side's (time, myseq, yourseq)
    for frame in files["R1:Serial0/0/0"]:
        if frame["slarp.mysequence"]:
            mine, yours = int(frame["slarp.mysequence"][0]), int(frame["slarp.yoursequence"][0])
            sent[_direction(frame)].append((float(frame["frame.time_relative"][0]), mine, yours))
    for side, other, before in ((OUTBOUND, INBOUND, 0), (INBOUND, OUTBOUND, 1)):
        assert [mine for _, mine, _ in sent[side]] == list(range(1, len(sent[side]) + 1))
        for at, _, yours in sent[side]:
            assert yours == max((seq for time, seq, _ in sent[other] if time < at - before), default=0)
    assert min(map(len, sent.values())) >= 5  # keepalives every 10 s through the run


def test_the_multilink_sequence_numbers_are_the_counts_show_ppp_multilink_shows(runs):
    """R1 numbers its MP fragments 0, 1, 2 ... across both member lines, each packet whole
    (Begin and End set), up to the `sent sequence` its bundle shows; R2's fragments count up
    to R1's `received sequence`."""
    lab, _ = runs("ppp-multilink")
    fields = ("frame.time_epoch", "frame.packet_flags_direction", "mp.first", "mp.last", "mp.seq")
    fragments = sorted(  # both members' files, in the order the fragments crossed
        (float(f["frame.time_epoch"][0]), _direction(f), int(f["mp.seq"][0]), (*f["mp.first"], *f["mp.last"]))
        for capture in lab.captures
        for f in tshark(Path(capture.name), fields)
        if f["mp.seq"]
    )
    r1 = lab["R1"]
    r1.cli("enable")
    received, sent = (
        int(n, 16)
        for n in re.search(r"(0x\w+) received sequence, (0x\w+) sent", r1.cli("show ppp multilink")).groups()
    )
    assert {bits for *_, bits in fragments} == {("1", "1")}
    assert [seq for _, side, seq, _ in fragments if side == OUTBOUND] == list(range(sent)) and sent > 0
    assert [seq for _, side, seq, _ in fragments if side == INBOUND] == list(range(received)) and received > 0
