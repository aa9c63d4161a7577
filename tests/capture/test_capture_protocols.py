"""Captures of the protocols no shipped lab runs, read by tshark: a telnet session (TCP with
its checksums, the telnet data typed), an L2TP tunnel across a routed core (its control
messages and the tunnel ids `show l2tp tunnel` shows) and a PPPoE session (its discovery, the
session id `show pppoe session` shows, the PPP inside)."""

from __future__ import annotations

import re

from cli.telnet.telnetkit import build_chain
from protocols.l2tp.vpdnkit import PPPOE_CLIENT, compulsory_lab
from protocols.pppoe.test_pppoe_lab import SERVER, TOPOLOGY
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


def test_a_pppoe_session_carries_the_id_show_pppoe_session_shows_and_the_users_ppp(make_lab, tmp_path):
    lab = make_lab(TOPOLOGY, CLIENT=PPPOE_CLIENT.format(user="user", password="cisco"), SERVER=SERVER)
    file = tmp_path / "client.pcapng"
    running = lab.capture("CLIENT:gi0/0", file)
    lab.advance(30)
    running.stop()
    client = lab["CLIENT"]
    client.cli("enable")
    session = re.search(r"^\s*N/A\s+(\d+)\s", client.cli("show pppoe session"), re.M)[1]
    fields = (
        "frame.protocols",
        "_ws.expert.severity",
        "_ws.expert.message",
        "pppoe.code",
        "pppoe.session_id",
        "chap.name",
        "ipcp.opt.ip_address",
    )
    frames = [frame for frame in tshark(file, fields) if frame["pppoe.code"]]
    clean(frames)
    codes = [int(f["pppoe.code"][0], 16) for f in frames]
    assert codes[:4] == [0x09, 0x07, 0x19, 0x65]  # PADI, PADO, PADR, PADS
    assert frames[3]["pppoe.session_id"] == [f"0x{int(session):04x}"]
    assert {f["pppoe.session_id"][0] for f in frames[4:]} == {f"0x{int(session):04x}"}
    assert all("pppoes:ppp" in f["frame.protocols"][0] for f in frames[4:])
    assert {"user", "SERVER"} <= {name for f in frames for name in f["chap.name"]}
    address = re.search(r"Internet address is ([\d.]+)", client.cli("show interfaces Dialer1"))[1]
    assert address in {a for f in frames for a in f["ipcp.opt.ip_address"]}


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


def test_an_8021q_trunk_carries_each_subinterfaces_vlan_tag(make_lab, tmp_path):
    from test_capture_epc import TRUNK, lan_lab

    lab = lan_lab(make_lab, TRUNK)
    file = tmp_path / "trunk.pcapng"
    running = lab.capture("R1:Gi0/0", file)
    for vlan in (10, 20):
        assert ".!!!!" in lab["R1"].cli(f"ping 10.0.{vlan}.2")  # the first waits for ARP
    lab.advance(70)  # CDP, untagged on the main interface
    running.stop()
    frames = tshark(
        file, ("frame.protocols", "_ws.expert.severity", "_ws.expert.message", "vlan.id", "ip.dst")
    )
    clean(frames)
    tagged = {(f["vlan.id"][0], f["ip.dst"][0]) for f in frames if f["vlan.id"] and f["ip.dst"]}
    assert tagged == {("10", "10.0.10.1"), ("10", "10.0.10.2"), ("20", "10.0.20.1"), ("20", "10.0.20.2")}
    assert all("vlan" in f["frame.protocols"][0] for f in frames if "ip" in f["frame.protocols"][0])
    assert any(f["frame.protocols"] == ["eth:llc:cdp"] for f in frames)


RELAY = {
    "R1": "hostname R1\nip dhcp pool far\n network 192.168.2.0 255.255.255.0\n default-router 192.168.2.1\n"
    "interface Serial0/0/0\n ip address 10.1.1.1 255.255.255.252\n no shutdown\n"
    "ip route 192.168.2.0 255.255.255.0 10.1.1.2\nend\n",
    "R2": "hostname R2\ninterface Serial0/0/0\n ip address 10.1.1.2 255.255.255.252\n no shutdown\n"
    "interface GigabitEthernet0/0\n ip address 192.168.2.1 255.255.255.0\n ip helper-address 10.1.1.1\n"
    " no shutdown\nend\n",
}


def test_a_relayed_dhcp_exchange_carries_the_relays_address_as_giaddr(make_lab, tmp_path):
    """RFC 2131 4.1: the relay (R2) forwards the PC's broadcasts to the server (R1) with its
    LAN address as giaddr, and as IOS does, as the source address too (networklessons.com,
    "Cisco IOS DHCP Relay Agent"); the server answers the relay, which broadcasts to the PC."""
    from protocols.dhcp.test_dhcp_lab import RELAY_LAB

    lab = make_lab(RELAY_LAB, **RELAY)
    files = {
        point: tmp_path / f"{point.replace(':', '-').replace('/', '_')}.pcapng"
        for point in ("R2:s0/0/0", "R2:g0/0")
    }
    running = [lab.capture(point, file) for point, file in files.items()]
    lab.advance(40)
    for capture in running:
        capture.stop()
    address = str(lab.nodes["PC1"].address.ip)
    fields = (
        "frame.protocols",
        "_ws.expert.severity",
        "_ws.expert.message",
        "dhcp.option.dhcp",
        "ip.src",
        "ip.dst",
        "dhcp.ip.relay",
        "dhcp.ip.your",
    )
    wan, lan = (tshark(file, fields) for file in files.values())
    for frames in (wan, lan):
        clean(frames)
    relayed = [
        (
            f["dhcp.option.dhcp"][0],
            f["ip.src"][0],
            f["ip.dst"][0],
            f["dhcp.ip.relay"][0],
            f["dhcp.ip.your"][0],
        )
        for f in wan
        if f["dhcp.option.dhcp"]
    ]
    assert relayed == [
        ("1", "192.168.2.1", "10.1.1.1", "192.168.2.1", "0.0.0.0"),
        ("2", "10.1.1.1", "192.168.2.1", "192.168.2.1", address),
        ("3", "192.168.2.1", "10.1.1.1", "192.168.2.1", "0.0.0.0"),
        ("5", "10.1.1.1", "192.168.2.1", "192.168.2.1", address),
    ]
    local = [(f["dhcp.option.dhcp"][0], f["dhcp.ip.relay"][0]) for f in lan if f["dhcp.option.dhcp"]]
    assert local == [("1", "0.0.0.0"), ("2", "192.168.2.1"), ("3", "0.0.0.0"), ("5", "192.168.2.1")]
