"""A DHCP client (RFC 2131 section 4.4): INIT, SELECTING, REQUESTING, BOUND, RENEWING,
REBINDING, for any node that takes its address from DHCP (a PC, a router's `ip address
dhcp`).

The node supplies `send(message, server)` (server None: broadcast from 0.0.0.0; else
unicast to that server from the leased address), `bound(lease)` when an address is
acknowledged (again at each renewal) and `lost()` when it goes (expired, NAK'd, released).
It gives up after its retransmissions (`retries`, seconds between DISCOVERs), tells
`gave_up()` (a Windows PC then picks an autoconfiguration address) and starts again
`retry_after` seconds later, unless the node starts or stops it first.
A node that checks an offered address before it takes it (Windows: an ARP probe) gives
`check(address, done)`; an address in use is declined (DHCPDECLINE) and, 10 seconds later
(RFC 2131 3.1.5), the client looks for a server again.
"""

from __future__ import annotations

from dataclasses import dataclass
from ipaddress import IPv4Address, IPv4Interface

from iosemu.protocols.dhcp import pdu
from iosemu.protocols.dhcp.pdu import ACK, DECLINE, DISCOVER, NAK, OFFER, RELEASE, REQUEST, DhcpMessage

WINDOWS_RETRIES = (4.0, 8.0, 16.0, 32.0)  # between DISCOVERs (RFC 2131 4.1's doubling, about 1 minute)
REQUEST_TIMEOUT = 4.0  # a REQUEST unanswered: back to DISCOVER
DECLINE_WAIT = 10.0  # after a DECLINE, before the next DISCOVER (RFC 2131 3.1.5)
PARAMETERS = bytes((pdu.SUBNET_MASK, pdu.DOMAIN_NAME, pdu.ROUTERS, pdu.DNS_SERVERS))


@dataclass(frozen=True)
class Lease:
    address: IPv4Interface
    server: IPv4Address
    obtained: float  # virtual time
    seconds: int | None  # None: infinite
    routers: tuple[IPv4Address, ...] = ()
    dns: tuple[IPv4Address, ...] = ()
    domain: str | None = None
    renew_after: int | None = None  # T1
    rebind_after: int | None = None  # T2

    @property
    def expires(self) -> float | None:
        return None if self.seconds is None else self.obtained + self.seconds


class DhcpClient:
    def __init__(
        self,
        scheduler,
        rng,
        mac: int,
        send,
        bound,
        lost,
        gave_up=lambda: None,
        hostname: str | None = None,
        retries: tuple[float, ...] = WINDOWS_RETRIES,
        client_id: bytes | None = None,
        check=None,
        retry_after: float | None = None,
    ):
        self.scheduler = scheduler
        self.rng = rng
        self.mac = mac
        self._send, self._bound, self._lost, self._gave_up = send, bound, lost, gave_up
        self.hostname = hostname
        self.retries = retries
        self.client_id = client_id or b"\x01" + mac.to_bytes(6, "big")  # option 61: 01 and the MAC
        self.check = check
        self.retry_after = retry_after  # after giving up, the wait before it looks again (None: never)
        self.state = "INIT"
        self.lease: Lease | None = None
        self.previous: IPv4Address | None = None  # the last address held: asked for again (option 50)
        self.xid = 0
        self._attempt = 0
        self._timer = None

    # -- what the node asks --------------------------------------------------------------------
    def start(self) -> None:
        """INIT: look for a server."""
        self._cancel()
        self.state = "SELECTING"
        self._attempt = 0
        self.xid = self.rng.getrandbits(32)
        self._discover()

    def stop(self) -> None:
        """The interface went down or lost DHCP: nothing more is sent (the lease is kept by
        whoever holds it, as a PC keeps it over a reboot)."""
        self._cancel()
        self.state = "INIT"

    def release(self) -> None:
        """`ipconfig /release`: the server is told, the address dropped."""
        lease = self.lease
        self.stop()
        if lease is not None:
            self._send(self._message(RELEASE, ciaddr=lease.address.ip, server=lease.server), lease.server)
            self.lease = None
            self._lost()

    def renew(self) -> None:
        """`ipconfig /renew`: ask the server that gave the lease, or look for one."""
        if self.lease is None:
            self.start()
            return
        self._cancel()
        self.state = "RENEWING"
        self.xid = self.rng.getrandbits(32)
        self._send(self._message(REQUEST, ciaddr=self.lease.address.ip), self.lease.server)
        self._timer = self.scheduler.call_later(REQUEST_TIMEOUT, self.start)

    # -- messages ------------------------------------------------------------------------------
    def _message(self, kind: int, ciaddr=pdu.ZERO, requested=None, server=None) -> DhcpMessage:
        options: list[tuple[int, bytes]] = [(pdu.CLIENT_ID, self.client_id)]
        if requested is not None:
            options.append((pdu.REQUESTED_ADDRESS, pdu.address(requested)))
        if server is not None:
            options.append((pdu.SERVER_ID, pdu.address(server)))
        if self.hostname and kind not in (RELEASE, DECLINE):
            options.append((pdu.HOSTNAME, self.hostname.encode("latin-1", "replace")))
        if kind in (DISCOVER, REQUEST):
            options.append((pdu.PARAMETERS, PARAMETERS))
        return DhcpMessage(pdu.BOOTREQUEST, self.xid, self.mac, kind, ciaddr=ciaddr, options=tuple(options))

    def _discover(self) -> None:
        self._send(self._message(DISCOVER, requested=self.previous), None)
        if self._attempt < len(self.retries):
            wait = self.retries[self._attempt]
            self._attempt += 1
            self._timer = self.scheduler.call_later(wait, self._discover)
        else:
            self.state = "INIT"
            again = self.retry_after
            self._timer = None if again is None else self.scheduler.call_later(again, self.start)
            self._gave_up()

    def receive(self, data: bytes) -> None:
        """A message on UDP 68; what is not for this client, or not DHCP, is dropped (another
        client's reply by its transaction and hardware address, before it is decoded)."""
        if data[4:8] != self.xid.to_bytes(4, "big") or data[28:34] != self.mac.to_bytes(6, "big"):
            return
        try:
            message = pdu.decode(data)
        except pdu.Malformed:
            return
        if message.op != pdu.BOOTREPLY or message.xid != self.xid or message.chaddr != self.mac:
            return
        if message.kind in (OFFER, ACK) and _address(message) is None:
            return  # an address no host can take (0.0.0.0, a broadcast, a bad mask): ignored
        if message.kind == OFFER and self.state == "SELECTING":
            self._cancel()
            self.state = "REQUESTING"
            server = message.address_option(pdu.SERVER_ID)
            self._send(self._message(REQUEST, requested=message.yiaddr, server=server), None)
            self._timer = self.scheduler.call_later(REQUEST_TIMEOUT, self.start)
        elif message.kind == ACK and self.state == "REQUESTING" and self.check is not None:
            self._cancel()
            self.state = "CHECKING"
            heard = self.scheduler.now
            self.check(message.yiaddr, lambda in_use: self._checked(message, heard, in_use))
        elif message.kind == ACK and self.state in ("REQUESTING", "RENEWING", "REBINDING"):
            self._cancel()
            self._acknowledged(message)
        elif message.kind == NAK and self.state in ("REQUESTING", "RENEWING", "REBINDING"):
            self._cancel()
            if self.lease is not None:
                self.lease = None
                self._lost()
            self.start()

    def _checked(self, message: DhcpMessage, heard: float, in_use: bool) -> None:
        if self.state != "CHECKING" or message.xid != self.xid:
            return  # stopped, or started again, meanwhile
        if not in_use:
            self._acknowledged(message, heard)
            return
        server = message.address_option(pdu.SERVER_ID)
        self._send(self._message(DECLINE, requested=message.yiaddr, server=server), None)
        self.state = "INIT"
        self._timer = self.scheduler.call_later(DECLINE_WAIT, self.start)

    def _acknowledged(self, message: DhcpMessage, heard: float | None = None) -> None:
        """The lease, from when its ACK came (`heard`: before the node's check; else now)."""
        heard = self.scheduler.now if heard is None else heard
        seconds = message.seconds_option(pdu.LEASE_TIME)
        infinite = seconds is None or seconds == 0xFFFFFFFF
        lease = Lease(
            _address(message),
            message.address_option(pdu.SERVER_ID) or pdu.ZERO,
            heard,
            None if infinite else seconds,
            message.addresses_option(pdu.ROUTERS),
            message.addresses_option(pdu.DNS_SERVERS),
            message.text_option(pdu.DOMAIN_NAME),
            None if infinite else message.seconds_option(pdu.RENEWAL_TIME) or seconds // 2,
            None if infinite else message.seconds_option(pdu.REBINDING_TIME) or seconds * 7 // 8,
        )
        self.lease, self.previous = lease, lease.address.ip
        self.state = "BOUND"
        self._bound(lease)
        if lease.seconds is not None:
            self._timer = self.scheduler.call_at(heard + lease.renew_after, self._renewing)

    def _renewing(self) -> None:
        """T1: ask the server that gave the lease; at T2 ask any server; at expiry let go."""
        lease = self.lease
        self.state = "RENEWING"
        self._send(self._message(REQUEST, ciaddr=lease.address.ip), lease.server)
        self._timer = self.scheduler.call_later(lease.rebind_after - lease.renew_after, self._rebinding)

    def _rebinding(self) -> None:
        lease = self.lease
        self.state = "REBINDING"
        self._send(self._message(REQUEST, ciaddr=lease.address.ip), None)
        self._timer = self.scheduler.call_later(lease.seconds - lease.rebind_after, self._expired)

    def _expired(self) -> None:
        self.lease = None
        self._lost()
        self.start()

    def _cancel(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None


def _address(message: DhcpMessage) -> IPv4Interface | None:
    """The address and mask a reply offers (a /24 if it gives no mask), if a host can use them."""
    mask = message.address_option(pdu.SUBNET_MASK) or IPv4Address("255.255.255.0")
    try:
        address = IPv4Interface(f"{message.yiaddr}/{mask}")
    except ValueError:
        return None
    usable = address.network.prefixlen <= 30 and address.ip not in (
        address.network.network_address,
        address.network.broadcast_address,
    )
    return address if usable and not (address.is_loopback or address.is_multicast) else None
