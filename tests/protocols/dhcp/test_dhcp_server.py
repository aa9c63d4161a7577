"""The DHCP server engine on its own: the order it offers addresses in, exclusions, the
node's own addresses, a ping that finds an address in use, and a whole DORA."""

from __future__ import annotations

from ipaddress import IPv4Address, IPv4Network

from iosemu.protocols.dhcp import pdu
from iosemu.protocols.dhcp.server import DhcpServer, Scope
from iosemu.sim.clock import Scheduler

NET = IPv4Network("10.0.0.0/24")
SCOPE = Scope(
    "scope1",
    NET,
    IPv4Address("10.0.0.1"),
    IPv4Address("10.0.0.254"),
    excluded=((IPv4Address("10.0.0.10"), IPv4Address("10.0.0.20")),),
    lease=8 * 86400,
    routers=(IPv4Address("10.0.0.1"),),
    dns=(IPv4Address("10.0.0.10"),),
    domain="telco.com",
)


def server(in_use=(), probe=True):
    sent = []
    pending = []

    def send(interface, request, reply):
        sent.append(pdu.decode(reply.encode()))

    def ping(address, done):
        pending.append((address, done))

    engine = DhcpServer(
        Scheduler(),
        scope_for=lambda interface, giaddr: SCOPE,
        identity=lambda interface: IPv4Address("10.0.0.1"),
        send=send,
        probe=ping if probe else None,
        own=lambda address: address == IPv4Address("10.0.0.1"),
    )

    def answer_pings():
        while pending:
            address, done = pending.pop(0)
            done(address in in_use)

    return engine, sent, answer_pings


def discover(mac, kind=pdu.DISCOVER, **fields):
    return pdu.DhcpMessage(pdu.BOOTREQUEST, mac, mac, kind, **fields).encode()


def test_offers_go_lowest_first_past_the_router_and_the_exclusions():
    engine, sent, pings = server()
    for mac in range(1, 12):
        engine.receive("Gi0/0", discover(mac))
        pings()
        engine.receive(
            "Gi0/0",
            pdu.DhcpMessage(
                pdu.BOOTREQUEST,
                mac,
                mac,
                pdu.REQUEST,
                options=(
                    (pdu.SERVER_ID, pdu.address(IPv4Address("10.0.0.1"))),
                    (pdu.REQUESTED_ADDRESS, pdu.address(sent[-1].yiaddr)),
                ),
            ).encode(),
        )
    acks = [m for m in sent if m.kind == pdu.ACK]
    assert [str(m.yiaddr) for m in acks] == [f"10.0.0.{n}" for n in (2, 3, 4, 5, 6, 7, 8, 9, 21, 22, 23)]
    assert acks[0].addresses_option(pdu.ROUTERS) == (IPv4Address("10.0.0.1"),)
    assert acks[0].seconds_option(pdu.LEASE_TIME) == 691200
    assert acks[0].seconds_option(pdu.RENEWAL_TIME) == 345600
    assert acks[0].text_option(pdu.DOMAIN_NAME) == "telco.com"


def test_an_address_that_answers_the_ping_is_a_conflict_and_skipped():
    engine, sent, pings = server(in_use={IPv4Address("10.0.0.2")})
    engine.receive("Gi0/0", discover(1))
    pings()
    assert sent[-1].kind == pdu.OFFER and sent[-1].yiaddr == IPv4Address("10.0.0.3")
    assert IPv4Address("10.0.0.2") in engine.conflicts


def test_a_request_for_an_address_never_offered_is_refused():
    engine, sent, pings = server(probe=False)
    option = ((pdu.REQUESTED_ADDRESS, pdu.address(IPv4Address("10.0.0.99"))),)
    engine.receive("Gi0/0", pdu.DhcpMessage(pdu.BOOTREQUEST, 5, 5, pdu.REQUEST, options=option).encode())
    assert sent[-1].kind == pdu.NAK


def test_the_current_index_moves_on_past_a_released_address_until_the_bindings_are_cleared():
    engine, sent, pings = server(probe=False)
    engine.receive("Gi0/0", discover(1))
    offered = sent[-1].yiaddr
    requested = ((pdu.REQUESTED_ADDRESS, pdu.address(offered)),)
    engine.receive("Gi0/0", pdu.DhcpMessage(pdu.BOOTREQUEST, 1, 1, pdu.REQUEST, options=requested).encode())
    engine.receive("Gi0/0", pdu.DhcpMessage(pdu.BOOTREQUEST, 1, 1, pdu.RELEASE, ciaddr=offered).encode())
    engine.receive("Gi0/0", discover(2))
    assert sent[-1].yiaddr == IPv4Address("10.0.0.3")  # a new client: on from the index (IOS)
    engine.clear()
    engine.receive("Gi0/0", discover(3))
    assert sent[-1].yiaddr == offered  # `clear ip dhcp binding *` starts the index again


def test_garbage_is_counted_not_answered():
    engine, sent, pings = server()
    engine.receive("Gi0/0", b"\x01\x02")
    assert engine.statistics.malformed == 1 and not sent


def test_a_client_and_a_server_agree_renew_at_t1_and_release():
    import random

    from iosemu.protocols.dhcp.client import DhcpClient

    scheduler = Scheduler()
    events = []
    holder = {}

    def to_server(message, server):
        scheduler.call_later(0.001, engine.receive, "Gi0/0", message.encode())

    def to_client(interface, request, reply):
        scheduler.call_later(0.001, holder["client"].receive, reply.encode())

    engine = DhcpServer(
        scheduler,
        scope_for=lambda interface, giaddr: SCOPE,
        identity=lambda interface: IPv4Address("10.0.0.1"),
        send=to_client,
        own=lambda address: address == IPv4Address("10.0.0.1"),
    )
    client = DhcpClient(
        scheduler,
        random.Random(1),
        0x005056A10001,
        to_server,
        lambda lease: events.append(lease),
        lambda: events.append(None),
    )
    holder["client"] = client
    client.start()
    scheduler.advance(1)
    lease = client.lease
    assert client.state == "BOUND" and str(lease.address) == "10.0.0.2/24"
    assert (
        lease.routers == (IPv4Address("10.0.0.1"),)
        and lease.domain == "telco.com"
        and lease.seconds == 691200
    )
    scheduler.advance(4 * 86400 + 1)  # T1: renewed with the same server
    assert len(events) == 2 and events[1].obtained > events[0].obtained and client.state == "BOUND"
    client.release()
    scheduler.advance(1)
    assert events[-1] is None and not engine.bindings


def test_an_inform_gets_an_ack_with_the_options_and_no_lease():
    engine, sent, pings = server(probe=False)
    ciaddr = IPv4Address("10.0.0.77")
    engine.receive("Gi0/0", pdu.DhcpMessage(pdu.BOOTREQUEST, 9, 9, pdu.INFORM, ciaddr=ciaddr).encode())
    ack = sent[-1]
    assert ack.kind == pdu.ACK and ack.ciaddr == ciaddr and ack.yiaddr == pdu.ZERO
    assert ack.seconds_option(pdu.LEASE_TIME) is None and ack.text_option(pdu.DOMAIN_NAME) == "telco.com"
    assert engine.bindings == {}


def test_a_client_whose_server_is_gone_at_t1_rebinds_to_any_server_at_t2():
    import random

    from iosemu.protocols.dhcp.client import DhcpClient

    scheduler = Scheduler()
    holder, asked = {}, []

    def to_server(message, server):
        asked.append((round(scheduler.now), server, message.kind))
        if scheduler.now < 1000 or server is None:  # after the lease is given, only broadcasts arrive
            scheduler.call_later(0.001, engine.receive, "Gi0/0", message.encode())

    engine = DhcpServer(
        scheduler,
        scope_for=lambda interface, giaddr: SCOPE,
        identity=lambda interface: IPv4Address("10.0.0.1"),
        send=lambda interface, request, reply: scheduler.call_later(
            0.001, holder["client"].receive, reply.encode()
        ),
    )
    client = holder["client"] = DhcpClient(
        scheduler, random.Random(1), 7, to_server, lambda lease: None, lambda: None
    )
    client.start()
    scheduler.advance(8 * 86400 * 7 // 8 + 60)
    renewals = [(when, server) for when, server, kind in asked if kind == pdu.REQUEST][1:]
    assert renewals[0] == (4 * 86400, IPv4Address("10.0.0.1"))  # T1: unicast to its server, unanswered
    assert renewals[-1] == (7 * 86400, None)  # T2: broadcast to any server
    assert client.state == "BOUND" and client.lease.obtained > 7 * 86400 - 1
