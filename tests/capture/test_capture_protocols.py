"""Captures of the protocols no shipped lab runs, read by tshark: a telnet session (TCP with
its checksums, the telnet data typed) and an L2TP tunnel across a routed core (its control
messages and the tunnel ids `show l2tp tunnel` shows)."""

from __future__ import annotations

import re

from cli.telnet.telnetkit import build_chain
from protocols.l2tp.vpdnkit import compulsory_lab
from sim.labkit import configure
from tsharkkit import INBOUND, OUTBOUND, WARNING, needs_tshark, tshark

pytestmark = needs_tshark


def clean(frames) -> None:
    for frame in frames:
        layers = frame["frame.protocols"][0].split(":")
        assert "_ws.malformed" not in layers, layers
        assert all(int(s, 0) < WARNING for s in frame["_ws.expert.severity"]), frame["_ws.expert.message"]


def test_a_telnet_session_decodes_with_its_tcp_checksums(make_lab, tmp_path):
    chain = build_chain(make_lab)
    file = tmp_path / "r1.pcapng"
    running = chain.capture("R1:g0/0", file)
    r1 = chain["R1"]
    assert r1.cli("telnet 10.1.23.3").startswith("Trying 10.1.23.3 ... Open\n")
    r1.cli("cisco")
    r1.cli("show clock")
    r1.cli("exit")
    chain.advance(5)
    running.stop()
    frames = tshark(
        file, ("frame.protocols", "_ws.expert.severity", "_ws.expert.message", "tcp.dstport", "telnet.data")
    )
    clean(frames)
    telnet = [frame for frame in frames if "23" in frame["tcp.dstport"]]
    assert telnet and all("tcp" in frame["frame.protocols"][0] for frame in telnet)
    typed = "".join(value for frame in telnet for value in frame["telnet.data"])
    assert "cisco" in typed and "show clock" in typed


def test_an_l2tp_tunnel_carries_the_ids_show_l2tp_tunnel_shows_and_the_users_ppp(make_lab, tmp_path):
    lab = compulsory_lab(make_lab, client=False)  # no call yet: no tunnel
    file = tmp_path / "lac.pcapng"
    running = lab.capture("LAC:s0/0/1", file)  # the LAC's side of the core
    configure(lab["CLIENT"], "interface Serial0/0/0", "no shutdown")
    lab.advance(90)  # the call, then a HELLO after 60 s of quiet
    running.stop()
    lac = lab["LAC"]
    row = re.search(r"^(\d+)\s+(\d+)\s+LNS\s+est", lac.cli("show l2tp tunnel"), re.M)
    local, remote = row.groups()
    fields = (
        "frame.protocols",
        "frame.packet_flags_direction",
        "_ws.expert.severity",
        "_ws.expert.message",
        "l2tp.tunnel",
        "l2tp.avp.message_type",
        "l2tp.avp.assigned_tunnel_id",
        "l2tp.avp.proxy_authen_name",
        "l2tp.avp.last_received_lcp_confreq",
        "chap.code",
    )
    frames = [frame for frame in tshark(file, fields) if frame["l2tp.tunnel"]]
    clean(frames)
    sent = [f for f in frames if int(f["frame.packet_flags_direction"][0], 16) == OUTBOUND]
    heard = [f for f in frames if int(f["frame.packet_flags_direction"][0], 16) == INBOUND]
    assert sent[0]["l2tp.tunnel"] == ["0"] and sent[0]["l2tp.avp.assigned_tunnel_id"] == [local]  # SCCRQ
    assert {f["l2tp.tunnel"][0] for f in sent[1:]} == {remote}
    assert {f["l2tp.tunnel"][0] for f in heard} == {local}
    assert heard[0]["l2tp.avp.assigned_tunnel_id"] == [remote]  # SCCRP
    assert "6" in {t for f in frames for t in f["l2tp.avp.message_type"]}  # a HELLO
    # the ICCN's proxy LCP and authentication, and the user's PPP inside the data messages (the
    # LNS's CHAP Success to the proxied answer)
    (iccn,) = [f for f in sent if f["l2tp.avp.proxy_authen_name"]]
    assert (
        iccn["l2tp.avp.proxy_authen_name"] == ["user@cisco.com"]
        and iccn["l2tp.avp.last_received_lcp_confreq"]
    )
    assert any("ppp" in f["frame.protocols"][0].split(":") for f in frames)
    assert "3" in {code for f in heard for code in f["chap.code"]}


def test_frame_relay_with_ansi_and_q933a_lmi_and_ietf_encapsulation_decodes(make_lab, tmp_path):
    from protocols.frame_relay.frkit import hub_lab

    def router(name: str, address: str) -> str:
        return (
            f"hostname {name}\ninterface Serial0/0/0\n ip address {address} 255.255.255.0\n"
            " encapsulation frame-relay ietf\n no shutdown\nend\n"
        )

    lab = hub_lab(
        make_lab,
        router("HQ", "10.1.1.1"),
        router("B1", "10.1.1.2"),
        router("B2", "10.1.1.3"),
        "ansi",
        "q933a",
    )
    files = {point: tmp_path / f"{point.split(':')[0]}.pcapng" for point in ("HQ:s0/0/0", "B1:s0/0/0")}
    running = [lab.capture(point, file) for point, file in files.items()]
    lab.advance(60)
    assert "!!!!!" in lab["HQ"].cli("ping 10.1.1.2")
    for capture in running:
        capture.stop()
    fields = ("frame.protocols", "_ws.expert.severity", "_ws.expert.message", "fr.dlci", "q933.message_type")
    hq, b1 = (tshark(file, fields) for file in files.values())
    for frames in (hq, b1):
        clean(frames)
    layers = {frame["frame.protocols"][0] for frame in hq + b1}
    assert {"fr:q933", "fr:ip:icmp:data"} <= layers  # LMI as Q.933, IP behind RFC 2427's NLPID
    assert {d for f in hq if "ip" in f["frame.protocols"][0] for d in f["fr.dlci"]} == {"102"}
    assert {d for f in b1 if "ip" in f["frame.protocols"][0] for d in f["fr.dlci"]} == {"201"}
    assert {d for f in hq + b1 if "q933" in f["frame.protocols"][0] for d in f["fr.dlci"]} == {"0"}
