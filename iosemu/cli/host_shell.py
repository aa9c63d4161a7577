"""The console of a PC (`kind: host`): a Windows command prompt with ipconfig, ping, tracert
and netsh to set the address, answering in Windows' own words.  Same surface as the IOS
Session (execute, help, complete, prompt, take_inbox, abort), so every console adapter takes
it.  Ctrl-C stops a ping or tracert, as the escape sequence stops IOS's."""

from __future__ import annotations

import logging
from ipaddress import IPv4Address, IPv4Interface

from iosemu.cli.abort import LIMIT, Abortable, Limit
from iosemu.errors import log_internal_error
from iosemu.protocols.ip.pdu import (
    ECHO_REPLY,
    ECHO_REQUEST,
    FRAGMENTATION_NEEDED,
    TIME_EXCEEDED,
    UNREACHABLE,
    Icmp,
)

log = logging.getLogger(__name__)
PROMPT = "C:\\>"
WAIT_BETWEEN = 1.0  # Windows sends one echo a second
TIMEOUT = 4.0
ADAPTER = "Local Area Connection"  # Windows 7's name for the PC's Ethernet adapter
RENEW_WAIT = 64.0  # `ipconfig /renew` gives up after the client's DISCOVERs (about a minute)
INFINITE_LEASE_END = (
    1168000000.0  # virtual seconds to a date in 2038: what Windows shows of an infinite lease
)
# The numeric options modelled, per command: flag -> (default, lowest, highest), as Windows checks them.
OPTIONS = {
    "ping": {"-n": (4, 1, 4294967295), "-l": (32, 0, 65500)},
    "tracert": {"-h": (30, 1, 255)},
}
FOREVER = "-t"  # ping until stopped (Ctrl-C, or the bound of a command typed through the API)
DONT_FRAGMENT = "-f"  # ping's echoes go with DF set
ECHO_OVERHEAD = 28  # the IP and ICMP headers around ping's -l bytes
TOO_BIG = "Packet needs to be fragmented but DF set."  # Windows' words (avayaucblog.com, 2023)
# Options accepted with their value but not modelled (the value is not the target).
IGNORED = {"ping": {"-i", "-v", "-r", "-s", "-w", "-S"}, "tracert": {"-w", "-S"}}


def windows_time(moment) -> str:
    """Windows' long time, `h:mm:ss tt` (en-US): `10:00:00 AM`, the hour not padded."""
    return f"{moment.hour % 12 or 12}:{moment:%M:%S %p}"


def windows_mac(mac: int) -> str:
    """A MAC address as Windows writes it: `00-50-56-a1-00-01` (ipconfig: in capitals)."""
    digits = f"{mac:012x}"
    return "-".join(digits[i : i + 2] for i in range(0, 12, 2))


def is_pc(console) -> bool:
    """A PC's console has no IOS modes: `?` and Tab are plain keys, Ctrl-C only drops the line."""
    return isinstance(console, HostSession)


class HostSession(Abortable):
    PROMPT = PROMPT

    def __init__(self, host):
        self.host = host
        self.scheduler = host.scheduler
        self.dialog = None
        self.closed = False
        self.length, self.width = 0, 80
        self.inbox: list[str] = []

    def prompt(self) -> str:
        return self.PROMPT

    def take_inbox(self) -> list[str]:
        return []

    def help(self, text: str) -> str:
        return ""

    def complete(self, text: str) -> str | None:
        return None

    def execute(self, line: str, limit: Limit | None = LIMIT) -> str:
        """Enter; ping and tracert stop as if Ctrl-C was pressed at `limit` (see Session.execute)."""
        self.begin(limit)
        return self.finish(self._run(line))

    def _run(self, line: str) -> str:
        words = line.split()
        if not words:
            return ""
        command, args = words[0].lower(), words[1:]
        try:
            if command == "ipconfig":
                return self.ipconfig(args)
            if command == "ping":
                return self.ping(args)
            if command == "tracert":
                return self.tracert(args)
            if command == "netsh":
                return self.netsh(args)
            if command == "arp" and [a.lower() for a in args] in (["-a"], ["/a"]):
                return self.arp_table()
            if command == "hostname" and not args:
                return f"{self.host.name}\n\n"
        except Exception:  # a bug must not end the session
            log_internal_error(log, "on", line)
            return "An internal error occurred.\n\n"
        return (
            f"'{words[0]}' is not recognized as an internal or external command,\n"
            "operable program or batch file.\n\n"
        )

    # -- ipconfig ------------------------------------------------------------------------------
    def ipconfig(self, args: list[str]) -> str:
        flags = [a.lower() for a in args]
        if "/release" in flags or "/renew" in flags:
            return self._lease_command("/renew" in flags)
        return self._listing("/all" in flags)

    def _listing(self, detailed: bool, error: str = "") -> str:
        """`ipconfig [/all]` (Windows 7's words: research notes on DHCP, 3.1-3.3)."""
        host = self.host
        port = host.ports["eth0"]
        lease = host.lease
        domain = lease.domain if lease is not None and lease.domain else ""
        out = ["", "Windows IP Configuration", ""]
        if detailed:
            out += [
                f"   Host Name . . . . . . . . . . . . : {host.name}",
                "   Primary Dns Suffix  . . . . . . . : ",
                "   Node Type . . . . . . . . . . . . : Hybrid",
                "   IP Routing Enabled. . . . . . . . : No",
                "   WINS Proxy Enabled. . . . . . . . : No",
            ]
            if domain:
                out.append(f"   DNS Suffix Search List. . . . . . : {domain}")
        if error:
            out += [error, ""]
        out += ["", f"Ethernet adapter {ADAPTER}:", ""]
        if not port.protocol:
            out.append("   Media State . . . . . . . . . . . : Media disconnected")
        out.append(f"   Connection-specific DNS Suffix  . : {domain}")
        if detailed:
            out += [
                "   Description . . . . . . . . . . . : Intel(R) PRO/1000 MT Network Connection",
                f"   Physical Address. . . . . . . . . : {windows_mac(port.mac).upper()}",
                f"   DHCP Enabled. . . . . . . . . . . : {'Yes' if host.dhcp is not None else 'No'}",
                "   Autoconfiguration Enabled . . . . : Yes",
            ]
        if not port.protocol:
            return "\n".join(out) + "\n\n"
        if host.address is not None:
            preferred = "(Preferred) " if detailed else ""
            label = (
                "Autoconfiguration IPv4 Address. . "
                if host.autoconfigured
                else "IPv4 Address. . . . . . . . . . . "
            )
            out += [
                f"   {label}: {host.address.ip}{preferred}",
                f"   Subnet Mask . . . . . . . . . . . : {host.address.netmask}",
            ]
            if detailed and lease is not None:
                out.append(f"   Lease Obtained. . . . . . . . . . : {self._date(lease.obtained)}")
                out.append(f"   Lease Expires . . . . . . . . . . : {self._date(lease.expires)}")
        out.append(f"   Default Gateway . . . . . . . . . : {host.gateway or ''}")
        if detailed:
            if lease is not None:
                out.append(f"   DHCP Server . . . . . . . . . . . : {lease.server}")
                servers = [str(s) for s in lease.dns]
                if servers:
                    out.append(f"   DNS Servers . . . . . . . . . . . : {servers[0]}")
                    out += [f"{'':39}{s}" for s in servers[1:]]
            out.append("   NetBIOS over Tcpip. . . . . . . . : Enabled")
        return "\n".join(out) + "\n\n"

    def _date(self, when: float | None) -> str:
        """Windows 7's long date and time: `Tuesday, December 01, 2026 10:00:00 AM`."""
        if when is None:
            when = INFINITE_LEASE_END
        moment = self.scheduler.wallclock(when)
        return f"{moment:%A, %B %d, %Y} {windows_time(moment)}"

    def _lease_command(self, renew: bool) -> str:
        """`ipconfig /release` and `/renew`: the lease given back or asked for again (the
        command waits for the server, a minute at most), then the adapter as it is."""
        host = self.host
        if host.dhcp is None:
            return (
                "\nWindows IP Configuration\n\n"
                "The operation failed as no adapter is in the state permissible for\nthis operation.\n\n"
            )
        if not host.ports["eth0"].protocol:
            return (
                "\nWindows IP Configuration\n\n"
                f"No operation can be performed on {ADAPTER} while it has its media disconnected.\n\n"
            )
        if not renew:
            host.dhcp.release()
            return self._listing(False)
        host.dhcp.renew()
        client, scheduler = host.dhcp, self.scheduler
        scheduler.run_while(lambda: client.state not in ("BOUND", "INIT"), scheduler.now + RENEW_WAIT)
        if client.state != "BOUND":
            error = (
                f"An error occurred while renewing interface {ADAPTER} : unable to contact your DHCP server. "
                "Request has timed out."
            )
            return self._listing(False, error)
        return self._listing(False)

    # -- arp -a ----------------------------------------------------------------------------------
    def arp_table(self) -> str:
        """The ARP cache: what was learned, and the broadcast addresses Windows keeps static."""
        host = self.host
        if host.address is None or not host.ports["eth0"].protocol:
            return "No ARP Entries Found.\n\n"
        rows = [
            (address, windows_mac(entry.mac), "dynamic")
            for address, entry in host.ip.arp.get("eth0", {}).items()
        ]
        rows.append((host.address.network.broadcast_address, "ff-ff-ff-ff-ff-ff", "static"))
        rows.append((IPv4Address("224.0.0.22"), "01-00-5e-00-00-16", "static"))  # IGMPv3 group
        rows.append((IPv4Address("255.255.255.255"), "ff-ff-ff-ff-ff-ff", "static"))
        lines = [
            "",
            f"Interface: {host.address.ip} --- 0x4",
            "  Internet Address      Physical Address      Type",
        ]
        lines += [f"  {str(a):<22}{mac:<22}{kind}" for a, mac, kind in sorted(rows, key=lambda r: int(r[0]))]
        return "\n".join(lines) + "\n\n"

    # -- netsh interface ip set address -------------------------------------------------------
    def netsh(self, args: list[str]) -> str:
        args = [a.replace('"', "") for a in args]
        words = [a.lower() for a in args]
        usage = "The syntax supplied for this command is not valid. Check help for the correct syntax.\n\n"
        if (
            words[:1] != ["interface"]
            or words[1:2] not in (["ip"], ["ipv4"])
            or words[2:4] != ["set", "address"]
        ):
            return usage
        named = {"ethernet0", "local area connection", "local", "area", "connection"}
        rest = [a for a in args[4:] if not a.lower().startswith("name=") and a.lower() not in named]
        lowered = [a.lower() for a in rest]
        if lowered[:1] == ["dhcp"]:
            self.host.use_dhcp()
            return "\n"
        if lowered[:1] != ["static"] or len(rest) < 3:
            return usage
        try:
            address = IPv4Interface(f"{rest[1]}/{rest[2]}")
            gateway = IPv4Address(rest[3]) if len(rest) > 3 and rest[3].lower() != "none" else None
        except ValueError:
            return usage
        self.host.set_static(address, gateway)
        return "\n"

    # -- ping and tracert ----------------------------------------------------------------------
    def _parse(self, args: list[str], verb: str) -> tuple[IPv4Address | None, dict[str, int | None], str]:
        """Split `args` into the target and the numeric options, checked against Windows' ranges.
        Returns (target, options, "") or (None, {}, what Windows prints instead)."""
        ranges = OPTIONS[verb]
        values: dict[str, int | None] = {flag: default for flag, (default, _, _) in ranges.items()}
        names: list[str] = []
        words = iter(args)
        for word in words:
            flag = "-" + word[1:] if word[:1] in "-/" and len(word) > 1 else None
            if flag is None:
                names.append(word)
                continue
            if flag in IGNORED[verb]:
                next(words, None)
            if flag == FOREVER and verb == "ping":
                values["-n"] = None
                continue
            if flag == DONT_FRAGMENT and verb == "ping":
                values[flag] = 1
                continue
            if flag not in ranges:
                continue  # an option we do not model (-a, -4, -w 500 ...): accepted, no effect
            value = next(words, None)
            if value is None:
                return None, {}, f"Value must be supplied for option {flag}.\n\n"
            _, low, high = ranges[flag]
            if not (value.isascii() and value.isdigit() and low <= int(value) <= high):
                return None, {}, f"Bad value for option {flag}, valid range is from {low} to {high}.\n\n"
            values[flag] = int(value)
        if not names:
            return None, {}, f"\nUsage: {verb} target_name\n\n"
        try:
            return IPv4Address(names[-1]), values, ""
        except ValueError:
            return (
                None,
                {},
                (
                    f"Ping request could not find host {names[-1]}. Please check the name and try again.\n\n"
                    if verb == "ping"
                    else f"Unable to resolve target system name {names[-1]}.\n\n"
                ),
            )

    def _echo(self, target: IPv4Address, seq: int, size: int, ttl: int | None = None, df: bool = False):
        stack, scheduler = self.host.ip, self.host.scheduler
        ident = 1
        answer: list = []
        stack.listeners[("echo", ident, seq)] = lambda packet, when: answer.append((packet, when))
        sent = scheduler.now
        routed = stack.originate(target, Icmp(ECHO_REQUEST, 0, ident, seq, size), ttl=ttl, df=df)
        if routed:
            scheduler.run_while(lambda: not answer, sent + TIMEOUT)
        del stack.listeners[("echo", ident, seq)]
        if not routed:
            return "failed", None, 0
        if not answer:
            hop = stack.rib.resolve(target)
            if hop is not None and hop[1] not in stack.arp.get(hop[0], {}):
                # ARP never answered: Windows reports the failure as a reply from itself.
                return "unresolved", self.host.address.ip, 0
            return "timeout", None, 0
        packet, when = answer[0]
        return packet, packet.src, when - sent

    def ping(self, args: list[str]) -> str:
        target, options, error = self._parse(args, "ping")
        if target is None:
            return error
        count, size = options["-n"], options["-l"]  # no count (-t): until stopped
        df = DONT_FRAGMENT in options
        self.emit(f"\nPinging {target} with {size} bytes of data:\n")
        received, times, seq, stopped = 0, [], 0, False
        scheduler = self.host.scheduler

        def say(line: str) -> None:  # each echo's line as it is answered or times out
            self.emit(line + "\n")

        while count is None or seq < count:
            if seq and self.interrupted(seq):
                stopped = True
                break
            started = scheduler.now
            if df and size + ECHO_OVERHEAD > self.host.ip_mtu("eth0"):
                packet, source, rtt = "too big", None, 0  # it never leaves the PC
            else:
                packet, source, rtt = self._echo(target, seq, size, df=df)
            if packet == "too big":
                say(TOO_BIG)
            elif packet == "failed":
                say("PING: transmit failed. General failure. ")
            elif packet == "timeout":
                say("Request timed out.")
            elif packet == "unresolved":
                received += 1
                say(f"Reply from {source}: Destination host unreachable.")
            elif packet.payload.type == ECHO_REPLY:
                received += 1
                ms = int(rtt * 1000)
                times.append(ms)
                shown = "time<1ms" if ms < 1 else f"time={ms}ms"
                say(f"Reply from {source}: bytes={size} {shown} TTL={packet.ttl}")
            elif packet.payload.type == UNREACHABLE:
                received += 1
                why = (
                    TOO_BIG
                    if packet.payload.code == FRAGMENTATION_NEEDED
                    else "Destination host unreachable."
                )
                say(f"Reply from {source}: {why}")  # [M] the source before the words of a remote one
            elif packet.payload.type == TIME_EXCEEDED:
                received += 1
                say(f"Reply from {source}: TTL expired in transit.")
            seq += 1
            if count is None or seq < count:
                scheduler.run_until(max(scheduler.now, started + WAIT_BETWEEN))
        lost = seq - received
        loss = f"Lost = {lost} ({lost * 100 // seq}% loss),"
        out = [
            "",
            f"Ping statistics for {target}:",
            f"    Packets: Sent = {seq}, Received = {received}, {loss}",
        ]
        if times:
            average = sum(times) // len(times)
            out += [
                "Approximate round trip times in milli-seconds:",
                f"    Minimum = {min(times)}ms, Maximum = {max(times)}ms, Average = {average}ms",
            ]
        if stopped:  # Windows names the key instead of the blank line
            return "\n".join([*out, "Control-C", "^C"]) + "\n"
        return "\n".join(out) + "\n\n"

    def tracert(self, args: list[str]) -> str:
        target, options, error = self._parse(args, "tracert")
        if target is None:
            return error
        hops = options["-h"]
        self.emit(f"\nTracing route to {target} over a maximum of {hops} hops\n\n")
        seq = 0
        for ttl in range(1, hops + 1):
            fields, source, done, reported = [], None, False, False
            for _ in range(3):
                if seq and self.interrupted(seq):  # the hop so far, and the key
                    return f"{ttl:>3}" + "".join(fields) + "^C\n"
                packet, from_address, rtt = self._echo(target, seq, 32, ttl)
                seq += 1
                answer = None if isinstance(packet, str) else packet.payload.type
                if packet == "unresolved" or answer == UNREACHABLE:  # no way on: the hop ends here
                    source, reported = from_address, True
                    break
                if isinstance(packet, str):
                    fields.append("     *   ")
                    continue
                source = from_address
                ms = int(rtt * 1000)
                fields.append("    <1 ms" if ms < 1 else f"{ms:>6} ms")
                done = done or answer == ECHO_REPLY
            if reported:  # after the probes this hop already shows
                report = f"  {source}  reports: Destination host unreachable.\n"
                self.emit(f"{ttl:>3}" + "".join(fields) + report)
                break
            tail = f"  {source}" if source is not None else "  Request timed out."
            self.emit(f"{ttl:>3}" + "".join(fields) + tail + "\n")  # a hop's line when it is whole
            if done:
                break
        return "\nTrace complete.\n\n"
