"""TCP between two routers, segment by segment, against RFC 793: the three-way handshake
(section 3.4, figure 7), data with its acknowledgement, the close (section 3.5, figure 13),
TIME-WAIT's 2 MSL, a RST for a closed port (section 3.4, "Reset Generation"), and the SYN sent
again on IOS's timing until `ip tcp synwait-time` (30 s) gives up.

IOS's timing: `debug ip tcp transactions` on a router shows a SYN's retransmissions 2, 4 and
8 seconds apart (fryguy.net, "Clearing hung TCP session on a Cisco router"); the attempt ends
after 30 seconds by default (Cisco IOS IP Application Services Command Reference, `ip tcp
synwait-time`; etherealmind.com "IOS: Setting the TCP Timeout on IOS"). Its window is 4128
bytes (the same debug: `rcvwnd 4128`)."""

from __future__ import annotations

from ipaddress import IPv4Address

from tcpkit import ECHO_PORT, Recorder

from iosemu.protocols.tcp.connection import MSL, WINDOW, State
from iosemu.protocols.tcp.segment import ACK, FIN, PSH, RST, SYN

R2 = IPv4Address("10.0.0.2")


def _flags(segment) -> set[str]:
    names = {SYN: "SYN", ACK: "ACK", FIN: "FIN", RST: "RST", PSH: "PSH"}
    return {name for flag, name in names.items() if segment.flags & flag}


def test_three_way_handshake_data_and_close(wire):
    lab, sent, served = wire
    tcp = lab.nodes["R1"].services["tcp"]
    client = Recorder()
    connection = tcp.connect(R2, ECHO_PORT, client)
    assert connection.state == State.SYN_SENT
    lab.advance(1)
    assert connection.state == State.ESTABLISHED and client.events == ["opened"]
    (_, a, syn), (_, b, syn_ack), (_, c, ack) = sent
    x, y = syn.seq, syn_ack.seq
    assert (a, _flags(syn), syn.ack) == ("R1", {"SYN"}, 0)
    assert (b, _flags(syn_ack), syn_ack.ack) == ("R2", {"SYN", "ACK"}, x + 1)
    assert (c, _flags(ack), ack.seq, ack.ack) == ("R1", {"ACK"}, x + 1, y + 1)
    assert syn.dport == ECHO_PORT and syn_ack.sport == ECHO_PORT and syn.window == WINDOW
    del sent[:]

    connection.send(b"hello")
    lab.advance(1)
    assert client.events[1:] == [("data", b"hello", True)]  # echoed, with PSH
    (_, _, data), (_, _, echoed), (_, _, acked) = sent
    assert (_flags(data), data.seq, data.ack, data.data) == ({"ACK", "PSH"}, x + 1, y + 1, b"hello")
    # The echo carries the acknowledgement of the data (no bare ACK before it).
    assert (_flags(echoed), echoed.seq, echoed.ack) == ({"ACK", "PSH"}, y + 1, x + 6)
    assert (_flags(acked), acked.ack) == ({"ACK"}, y + 6)
    del sent[:]

    connection.close()
    assert connection.state == State.FIN_WAIT_1
    lab.advance(1)
    fin, ack_of_fin, their_fin, last_ack = (segment for _, _, segment in sent)
    assert (_flags(fin), fin.seq) == ({"FIN", "ACK"}, x + 6)
    assert (_flags(ack_of_fin), ack_of_fin.ack) == ({"ACK"}, x + 7)
    assert (_flags(their_fin), their_fin.seq) == ({"FIN", "ACK"}, y + 6)
    assert (_flags(last_ack), last_ack.seq, last_ack.ack) == ({"ACK"}, x + 7, y + 7)
    assert served.events[-2:] == ["peer closed", ("ended", "closed")]
    assert connection.state == State.TIME_WAIT and client.events[-1] == ("ended", "closed")
    assert lab.nodes["R2"].services["tcp"].connections == {}  # LAST-ACK -> CLOSED
    lab.advance(2 * MSL)
    assert connection.state == State.CLOSED and tcp.connections == {}


def test_a_closed_port_answers_a_syn_with_a_reset(wire):
    lab, sent, _ = wire
    client = Recorder()
    connection = lab.nodes["R1"].services["tcp"].connect(R2, 4444, client)
    lab.advance(1)
    _, who, reset = sent[1]
    assert (who, _flags(reset), reset.seq, reset.ack) == ("R2", {"RST", "ACK"}, 0, sent[0][2].seq + 1)
    assert client.events == [("ended", "refused")] and connection.state == State.CLOSED


def test_a_syn_nobody_answers_is_sent_again_after_2_4_and_8_seconds_then_given_up_at_30(wire):
    lab, sent, _ = wire
    client = Recorder()
    start = lab.now
    lab.nodes["R1"].services["tcp"].connect(IPv4Address("10.0.0.3"), ECHO_PORT, client)  # nobody there
    lab.advance(29.9)
    assert [round(when - start, 6) for when, _, _ in sent] == [0, 2, 6, 14]
    assert client.events == []
    lab.advance(0.2)
    assert client.events == [("ended", "timeout")]


def test_data_lost_on_the_line_is_sent_again(wire):
    lab, sent, served = wire
    client = Recorder()
    connection = lab.nodes["R1"].services["tcp"].connect(R2, ECHO_PORT, client)
    lab.advance(1)
    link = lab.link("R1:s0/0/0", "R2:s0/0/0")
    link.loss = 1.0
    connection.send(b"lost")
    lab.advance(3)  # the first retransmission (2 s) is lost too
    link.loss = 0.0
    lab.advance(5)  # the second, 4 s later, arrives
    assert served.events == [("data", b"lost", True)]
    assert client.events[-1] == ("data", b"lost", True)
    assert connection.snd_una == connection.snd_nxt
