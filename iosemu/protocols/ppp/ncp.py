"""The network control protocols IOS opens once a PPP link is up: IPCP (RFC 1332), which
exchanges the two ends' addresses (and hands one to a peer that asks), and CDPCP, which
carries no options and opens where CDP runs on both ends."""

from __future__ import annotations

from ipaddress import IPv4Address

from iosemu.protocols.ppp.fsm import Automaton, verdict
from iosemu.protocols.ppp.pdu import CDPCP, IPCP, Option

ADDRESS, COMPRESSION, PRIMARY_DNS, SECONDARY_DNS = 3, 2, 129, 131
_DESCRIBED = {ADDRESS: "Address", PRIMARY_DNS: "PrimaryDNS", SECONDARY_DNS: "SecondaryDNS"}
ANY = IPv4Address(0)


class Ipcp(Automaton):
    name = "IPCP"
    protocol = IPCP

    def __init__(self, link):
        super().__init__(link)
        self.address = ANY  # ours as negotiated (0.0.0.0: asking the peer for one)
        self.peer_address = ANY
        self.refused = False  # the peer rejected the Address option

    def begin(self, train15: bool) -> None:
        """A new negotiation starts from the configured address (or 0.0.0.0)."""
        self.address = self.link.own_address() or ANY
        self.refused = False
        super().begin(train15)

    def request(self) -> list[Option]:
        return [] if self.refused else [Option(ADDRESS, self.address.packed)]

    def nak_received(self, options: list[Option]) -> None:
        for option in options:
            if option.kind == ADDRESS and len(option.value) == 4 and self.link.own_address() is None:
                self.address = IPv4Address(option.value)  # the address the peer hands us

    def reject_received(self, options: list[Option]) -> None:
        if any(option.kind == ADDRESS for option in options):
            self.refused = True

    def check(self, options: list[Option]) -> tuple[int, list[Option]]:
        rejected, naks = [], []
        for option in options:
            if option.kind == ADDRESS and len(option.value) == 4:
                if IPv4Address(option.value) == ANY:
                    offer = self.link.address_for_peer()
                    (naks if offer else rejected).append(Option(ADDRESS, offer.packed) if offer else option)
                continue
            rejected.append(option)
        return verdict(options, naks, rejected)

    def layer_up(self) -> None:
        peer = self.negotiated(ADDRESS, theirs=True)
        self.peer_address = IPv4Address(peer) if peer else ANY
        self.link.ipcp_up(self.address, self.peer_address)

    def layer_down(self) -> None:
        self.link.ipcp_down()

    def layer_finished(self) -> None:
        self.link.ipcp_down()

    def describe(self, option: Option) -> str:
        name = _DESCRIBED.get(option.kind)
        if name and len(option.value) == 4:
            return f"{name} {IPv4Address(option.value)}"
        if option.kind == COMPRESSION and len(option.value) >= 2:
            return f"CompressType 0x{option.value[:2].hex().upper()}"
        return super().describe(option)


class Cdpcp(Automaton):
    """No options: any the peer asks for are rejected (the default `check`)."""

    name = "CDPCP"
    protocol = CDPCP

    def layer_up(self) -> None:
        self.link.port.snap_up(self.link.port.name)
