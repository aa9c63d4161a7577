"""The addresses a router lends its peers from its `ip local pool` ranges (PPP's IPCP, and
later L2TP sessions): one address per holder, kept until the holder releases it, never one
the router has itself."""

from __future__ import annotations

from ipaddress import IPv4Address


class AddressPools:
    def __init__(self, router):
        self.router = router
        self.leases: dict[str, IPv4Address] = {}  # holder (an interface) -> its address

    def lease(self, pool_name: str, holder: str) -> IPv4Address | None:
        """The holder's address from the pool: the one it has, or the first free one (None
        if the pool is not configured or has none left)."""
        if holder in self.leases:
            return self.leases[holder]
        pool = self.router.config.pools.get(pool_name)
        if pool is None:
            return None
        taken = set(self.leases.values())
        for value in range(int(pool.low), int(pool.high) + 1):
            address = IPv4Address(value)
            if address not in taken and not self.router.is_own_address(address):
                self.leases[holder] = address
                return address
        return None

    def release(self, holder: str) -> None:
        self.leases.pop(holder, None)
