"""tshark for the capture tests: the marker that skips them without it, and a capture's
frames as tshark decodes them (the checksums checked)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

TSHARK = shutil.which("tshark")
needs_tshark = pytest.mark.skipif(
    TSHARK is None, reason="tshark is not installed (Debian: apt-get install tshark; .ci/run does it)"
)
CHECKSUMS = ("ip", "udp", "tcp")  # ICMP's is always checked
FIELDS = (  # what the tests read of each frame
    "frame.protocols",
    "frame.time_relative",
    "frame.packet_flags_direction",
    "_ws.expert.severity",
    "_ws.expert.message",
    "fr.dlci",
    "chap.name",
    "dhcp.option.dhcp",
    "dhcp.ip.your",
    "slarp.mysequence",
    "slarp.yoursequence",
)
WARNING = 0x600000  # tshark's expert severities: chat, note, warning (this), error
INBOUND, OUTBOUND = 1, 2  # pcapng's direction flags, as the capturing end sees a frame
ACK = "5"  # DHCP message type


def tshark(path: Path, fields: tuple[str, ...] = FIELDS) -> list[dict[str, list[str]]]:
    """Each frame of a capture as tshark decodes it: field -> its values."""
    command = [TSHARK, "-n", "-r", str(path), "-T", "fields", "-E", "occurrence=a", "-E", "aggregator=|"]
    for protocol in CHECKSUMS:
        command += ["-o", f"{protocol}.check_checksum:TRUE"]
    # Wireshark learns an L2TPv3 session's pseudowire type from its ICRQ and matches the ICRP
    # to it by a session id; when the PEs' calls cross (each places its own, as IOS does), the
    # second ICRQ overwrites the first's ids (packet-l2tp.c find_session matches any session
    # with no lcce2 id yet), so the standing call's ICRP finds nothing when the winner's ICRQ
    # came first, and its data falls back to the Decode As default: Ethernet here (the only
    # pseudowire type iosemu has). The CDNs play no part (Wireshark reads no ids from them).
    command += ["-d", "l2tp.pw_type==0,eth"]
    for field in fields:
        command += ["-e", field]
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    frames = []
    for line in out.splitlines():
        values = line.split("\t")
        frames.append(
            {field: [v for v in value.split("|") if v] for field, value in zip(fields, values, strict=True)}
        )
    return frames
