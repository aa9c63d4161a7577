"""The console of a Windows Server 2008 with the DHCP role (`kind: server`): the PC's Windows
prompt (ipconfig, ping, tracert, netsh) as Administrator, plus `netsh dhcp server show
scope` and `netsh dhcp server scope A show clients`, in netsh's own words and columns
(research notes on DHCP, 4.3 and 4.4; dates in the lab's virtual clock)."""

from __future__ import annotations

from ipaddress import IPv4Address

from iosemu.cli.host_shell import HostSession, windows_mac, windows_time

DONE = "Command completed successfully.\n\n"
RULE_SCOPES = "=" * 78
RULE_CLIENTS = "=" * 92
COMMENT_WIDTH = 14  # netsh cuts a scope's comment (description) to this


class ServerSession(HostSession):
    PROMPT = "C:\\Users\\Administrator>"

    def netsh(self, args: list[str]) -> str:
        if args[:1] and args[0].lower() == "dhcp":
            return self.netsh_dhcp(args)
        return super().netsh(args)

    def netsh_dhcp(self, args: list[str]) -> str:
        """`netsh dhcp server [\\\\NAME | ADDRESS] show scope` and `... scope A show clients [0|1]`."""
        words = [a.lower() for a in args[1:]]
        rest = words[1:]
        if words[:1] == ["server"] and rest and (rest[0].startswith("\\\\") or rest[0][:1].isdigit()):
            named = rest.pop(0).lstrip("\\")
            address = self.host.address
            if named not in (self.host.name.lower(), address and str(address.ip)):
                return f"Unable to determine the DHCP Server version for the Server {named}.\n\n"
        if words[:1] == ["server"] and rest == ["show", "scope"]:
            return self._scopes()
        clients = rest[:1] == ["scope"] and rest[2:3] == ["show"] and rest[3:4] in (["clients"], ["client"])
        if words[:1] == ["server"] and clients and rest[4:] in ([], ["0"], ["1"]):
            return self._clients(rest[1])
        return f"The following command was not found: {' '.join(args)}.\n\n"

    def _scopes(self) -> str:
        """`show scope`: each scope's subnet, mask, state, name and comment."""
        out = [
            "",
            RULE_SCOPES,
            " Scope Address  - Subnet Mask    - State        - Scope Name          -  Comment",
            RULE_SCOPES,
            "",
        ]
        for scope in self.host.scopes:
            network = scope.network
            address, mask = str(network.network_address), str(network.netmask)
            comment = scope.description[:COMMENT_WIDTH]
            out.append(f" {address:<16}- {mask:<15}-{'Active':<14}-{scope.name:<21}-{comment}")
        out += ["", f" Total No. of Scopes = {len(self.host.scopes)}", DONE]
        return "\n".join(out)

    def _clients(self, written: str) -> str:
        """`scope A show clients`: the scope's leases, lowest address first."""
        try:
            scope = self.host.scope(IPv4Address(written))
        except ValueError:
            scope = None
        if scope is None:
            return "The command needs a valid Scope IP Address.\n\n"
        subnet = scope.network.network_address
        out = [
            "",
            "",
            f"Changed the current scope context to {subnet} scope.",
            "",
            "Type : N - NONE, D - DHCP B - BOOTP, U - UNSPECIFIED, R - RESERVATION IP",
            RULE_CLIENTS,
            "IP Address      - Subnet Mask    - Unique ID           - Lease Expires        -Type -Name   ",
            RULE_CLIENTS,
            "",
        ]
        leases = self.host.leases(scope)
        for lease in leases:
            address, mask, expires = str(lease.address), str(lease.mask), self._expiry(lease.expires)
            out.append(
                f"{address:<16}- {mask:<15}- {windows_mac(lease.mac)}   -{expires:<23}-D-  {lease.name}"
            )
        if leases:
            out.append("")
        out += [f"No of Clients(version 4): {len(leases)} in the Scope : {subnet}.", "", DONE]
        return "\n".join(out)

    def _expiry(self, when: float) -> str:
        """Windows' short date and long time: `12/9/2026 10:00:00 AM`."""
        moment = self.scheduler.wallclock(when)
        return f"{moment.month}/{moment.day}/{moment.year} {windows_time(moment)}"
