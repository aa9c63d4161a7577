"""ping and traceroute (EXEC), with their extended dialogs.  Both wait in virtual time:
the lab's clock runs while the router waits for answers, as a real one's does.  Between
probes each asks its session whether to stop (the escape sequence, or the call's bound),
and then prints what IOS prints when aborted.  A ping with timeout 0 waits for no answer:
its echoes leave back to back at the line's rate, a '.' each (a load generator).  A verbose
ping (the extended dialog's Verbose) prints a line for each echo instead of its mark."""

from __future__ import annotations

import math
from dataclasses import dataclass
from ipaddress import IPv4Address

from iosemu.cli import messages
from iosemu.cli.abort import Abortable
from iosemu.cli.matcher import parse_ipv4
from iosemu.cli.session import Dialog
from iosemu.config.registry import handler
from iosemu.protocols.ip.pdu import (
    ADMIN_PROHIBITED,
    ECHO_REPLY,
    ECHO_REQUEST,
    FRAGMENTATION_NEEDED,
    HOST_UNREACHABLE,
    NET_UNREACHABLE,
    PORT_UNREACHABLE,
    SOURCE_QUENCH,
    TIME_EXCEEDED,
    UNREACHABLE,
    Icmp,
    Udp,
)

TRACE_PORT = 33434
DEFAULT_PATTERN = 0xABCD


def _msec(seconds: float) -> int:
    """IOS times its echoes with a millisecond tick: a reply inside the first tick shows 1."""
    return max(1, math.ceil(seconds * 1000 - 1e-9))


@dataclass
class PingRequest:
    target: IPv4Address
    count: int = 5
    size: int = 100
    timeout: int = 2
    source: IPv4Address | None = None
    df: bool = False
    pattern: int = DEFAULT_PATTERN  # the data's 16-bit pattern (shown when not the default)
    validate: bool = False  # compare each reply's data with what was sent
    sweep: range | None = None  # the extended dialog's sweep of sizes: `count` echoes of each in turn
    verbose: bool = False  # a line for each echo (`Reply to request 0 (1 ms)`) instead of its mark

    @property
    def echoes(self) -> int:
        return self.count * len(self.sweep) if self.sweep else self.count

    def size_of(self, seq: int) -> int:
        return self.sweep[seq % len(self.sweep)] if self.sweep else self.size

    @property
    def size_text(self) -> str:
        """`100`, or a sweep's `[36..18024]` (the bounds typed, as IOS shows them)."""
        if not self.sweep:
            return str(self.size)
        return f"[{self.sweep.start}..{self.sweep.stop - 1}]"


def resolve_target(
    device, text: str, failure: str = messages.UNRECOGNIZED_HOST
) -> tuple[IPv4Address | None, str]:
    """An address typed or a name to look up: (address, what IOS prints on failure)."""
    address = parse_ipv4(text) or device.config.ip.host_address(text)
    if address is not None:
        return address, ""
    return None, messages.translating(text, device.config.ip.lookup_servers(), failure)


def source_address(device, interface: str | None, address: IPv4Address | None):
    """(address, error) for a `source` given as an interface or an address."""
    if interface is not None:
        iface = device.config.interfaces.get(interface)
        if iface is None or iface.address is None or not device.interface_up(interface):
            return None, "% Invalid source interface - IP not enabled or interface is down\n"
        return iface.address.ip, ""
    if address is not None and not any(a.ip == address for _, a in device.ip_addresses()):
        return None, "% Invalid source address- IP address not on any of our up interfaces\n"
    return address, ""


def _await(device, key, timeout: float):
    """Let virtual time run until an answer for `key` arrives or `timeout` passes."""
    stack, scheduler = device.ip, device.scheduler
    answer: list = []
    stack.listeners[key] = lambda packet, when: answer.append((packet, when))
    scheduler.run_while(lambda: not answer, scheduler.now + timeout)
    del stack.listeners[key]
    return answer[0] if answer else None


def _replies(device, key, timeout: float) -> list:
    """Every answer for `key` within `timeout` (a broadcast echo has one from each router)."""
    stack, scheduler = device.ip, device.scheduler
    answers: list = []
    stack.listeners[key] = lambda packet, when: answers.append((packet, when))
    scheduler.run_while(None, scheduler.now + timeout)
    del stack.listeners[key]
    return [(packet, when) for packet, when in answers if packet.payload.type == ECHO_REPLY]


def run_ping(device, request: PingRequest, console: Abortable) -> str:
    """The header, then each mark as its echo is answered or times out (the console shows
    them as they come), then the summary. To a broadcast address: a line for each reply."""
    stack, scheduler = device.ip, device.scheduler
    out = [
        "Type escape sequence to abort.",
        f"Sending {request.echoes}, {request.size_text}-byte ICMP Echos to {request.target}, "
        f"timeout is {request.timeout} seconds:",
    ]
    if request.source is not None:
        out.append(f"Packet sent with a source address of {request.source}")
    if request.df:
        out.append("Packet sent with the DF bit set")
    if request.pattern != DEFAULT_PATTERN:
        out.append(f"Packet has data pattern 0x{request.pattern:04X}")
    if request.validate:
        out.append("Reply data will be validated")
    console.emit("".join(line + "\n" for line in out))
    ident, marks, times = stack.next_ident(), [], []
    broadcast, replied = stack.is_broadcast(request.target), False
    for seq in range(request.echoes):
        if seq and console.interrupted(seq):
            break  # aborted: the rate counts the echoes sent, as IOS's does
        if seq and seq % 70 == 0 and not request.verbose:
            console.emit("\n")  # 70 marks a line
        sent = scheduler.now
        echo = Icmp(ECHO_REQUEST, 0, ident, seq, request.size_of(seq) - 28)
        stack.originate(request.target, echo, source=request.source, df=request.df)
        if not request.timeout:  # no wait: the next echo follows as soon as the line has sent this one
            scheduler.run_while(None, device.sent_by())
            answer = None  # a reply that comes later is ignored
        elif broadcast:
            replies = _replies(device, ("echo", ident, seq), request.timeout)
            for packet, when in replies:
                console.emit(
                    ("" if replied else "\n")
                    + f"Reply to request {seq} from {packet.src}, {_msec(when - sent)} ms\n"
                )
                replied = True
            if not replies:
                marks.append(".")
                console.emit(_shown(request, seq, ".", None))
            continue
        else:
            answer = _await(device, ("echo", ident, seq), request.timeout)
        if answer is None:
            mark = "."
        elif answer[0].payload.type == ECHO_REPLY:
            mark = "!"
            times.append(_msec(answer[1] - sent))
        else:
            mark = _ping_mark(answer[0].payload)
        marks.append(mark)
        console.emit(_shown(request, seq, mark, answer and answer[0], times[-1] if mark == "!" else 0))
    if replied:
        return ""
    received, sent = len(times), len(marks)
    summary = f"Success rate is {received * 100 // sent} percent ({received}/{sent})"
    if received:
        summary += f", round-trip min/avg/max = {min(times)}/{sum(times) // received}/{max(times)} ms"
    return ("" if request.verbose else "\n") + summary + "\n"


def _shown(request: PingRequest, seq: int, mark: str, packet, msec: int = 0) -> str:
    """What the console shows of an echo's fate: its mark, or a verbose ping's line for it
    (with the size of a sweep's echo), in IOS's words."""
    if not request.verbose:
        return mark
    if mark == ".":
        text = f"Request {seq} timed out"
    elif mark == "!":
        text = f"Reply to request {seq} ({msec} ms)"
    elif mark == "U":
        text = f"Unreachable from {packet.src}"
    elif mark == "M":
        text = f"Unreachable from {packet.src}, maximum MTU {packet.payload.seq}"
    elif mark == "Q":
        text = f"Source quench from {packet.src}"
    else:  # IOS's words for an answer it has no line for (TTL exceeded)
        text = f"Unknown echo response type {ord(mark):#x}"
    return text + (f" (size {request.size_of(seq)})" if request.sweep else "") + "\n"


def _ping_mark(icmp) -> str:
    """The mark IOS prints for an ICMP error answering an echo (M: could not fragment)."""
    if icmp.type == UNREACHABLE:
        return "M" if icmp.code == FRAGMENTATION_NEEDED else "U"
    return {TIME_EXCEEDED: "&", SOURCE_QUENCH: "Q"}.get(icmp.type, "?")


def _trace_mark(packet) -> tuple[str | None, bool]:
    """(flag IOS prints instead of a time, whether the trace is over) for an answer."""
    icmp = packet.payload
    if icmp.type == TIME_EXCEEDED:
        return None, False
    if icmp.type == UNREACHABLE and icmp.code == PORT_UNREACHABLE:
        return None, True
    flags = {NET_UNREACHABLE: "N", HOST_UNREACHABLE: "H", ADMIN_PROHIBITED: "A"}
    return "!" + flags.get(icmp.code, "U"), True


def run_traceroute(
    device,
    target: IPv4Address,
    console: Abortable,
    *,
    source=None,
    timeout=3,
    probes=3,
    min_ttl=1,
    max_ttl=30,
    port=TRACE_PORT,
) -> str:
    stack, scheduler = device.ip, device.scheduler
    out = ["Type escape sequence to abort.", f"Tracing the route to {target}"]
    # 15.x names the VRFs, 12.4 leaves a blank line (ntc_cisco_ios_traceroute_6.raw)
    twelve = device.platform.train.startswith("12")
    out.append("" if twelve else "VRF info: (vrf in name/id, vrf out name/id)")
    console.emit("".join(line + "\n" for line in out))
    sport, count = 49152 + stack.next_ident() % 16384, 0
    for ttl in range(min_ttl, max_ttl + 1):
        last, finished = None, False
        console.emit(f"{ttl:>3} ")
        for _ in range(probes):
            if count and console.interrupted(count):  # aborted while this probe was out: the line so far
                return "\n"
            count += 1
            sent = scheduler.now
            stack.originate(target, Udp(sport, port), ttl=ttl, source=source)
            answer = _await(device, ("udp", sport, port), timeout)
            port += 1
            if answer is None:
                console.emit(" * ")
                continue
            packet, when = answer
            if packet.src != last:
                console.emit(("\n    " if last is not None else "") + str(packet.src))
                last = packet.src
            flag, over = _trace_mark(packet)
            console.emit(f" {flag} " if flag else f" {_msec(when - sent)} msec")
            finished = finished or over
        console.emit("\n")
        if finished:
            break
    return ""


@handler("exec_ping")
def ping(ctx, args):
    device = ctx.device
    target, error = resolve_target(device, args.ping_target)
    if target is None:
        return error
    source, error = source_address(device, args.ifname, args.ping_source)
    pattern, bad = (DEFAULT_PATTERN, "") if args.ping_data is None else _pattern(args.ping_data)
    if error or bad:
        return error or bad
    request = PingRequest(
        target,
        args.ping_repeat or 5,
        args.ping_size or 100,
        2 if args.ping_timeout is None else args.ping_timeout,
        source,
        bool(args.df_bit),
        pattern,
        bool(args.ping_validate),
    )
    return run_ping(device, request, ctx.session)


@handler("exec_traceroute")
def traceroute(ctx, args):
    """`traceroute A [source X] [numeric] [timeout N] [probe N] [ttl MIN MAX] [port N]`."""
    device = ctx.device
    target, error = resolve_target(device, args.trace_target)
    if target is None:
        return error
    source, error = source_address(device, args.ifname, args.ping_source)
    if error:
        return error
    low, high = args.trace_min_ttl or 1, 30 if args.trace_max_ttl is None else args.trace_max_ttl
    return run_traceroute(
        device,
        target,
        ctx.session,
        source=source,
        timeout=3 if args.trace_timeout is None else args.trace_timeout,
        probes=args.trace_probes or 3,
        min_ttl=low,
        max_ttl=max(low, high),
        port=TRACE_PORT if args.trace_port_number is None else args.trace_port_number,
    )


# -- the extended dialogs -------------------------------------------------------------------
@dataclass(frozen=True)
class Again:
    """An answer after which its question is asked again, worded `prompt`, `note` printed first."""

    prompt: str
    note: str = ""


class Questions:
    """IOS's question-by-question dialog: each answer is checked; a bad one ends it, and a
    check that answers `Again` asks its question once more."""

    def __init__(self, session, steps, finish):
        self.session, self.steps, self.finish, self.answers = session, list(steps), finish, {}

    def ask(self, output: str = "") -> str:
        while self.steps:
            name, prompt, default, check, when = self.steps[0]
            if when is None or when(self.answers):
                label = f"{prompt} [{default}]" if default and "[" not in prompt else prompt
                self.session.dialog = Dialog(label + ": ", self._answer)
                return output
            self.steps.pop(0)
            self.answers[name] = check(default)[0]  # not asked: its default, read as an answer is
        return output + self.finish(self.answers)

    def _answer(self, typed: str) -> str:
        name, _, default, check, _ = self.steps.pop(0)
        value, error = check(typed.strip() or default)
        if error:
            return error
        if isinstance(value, Again):
            self.steps.insert(0, (name, value.prompt, default, check, None))  # asked now: asked again
            return self.ask(value.note)
        self.answers[name] = value
        return self.ask()


def _number(low: int, high: int):
    def check(text: str):
        if text.isascii() and text.isdigit() and low <= int(text) <= high:
            return int(text), ""
        return None, f"% A decimal number between {low} and {high}.\n"

    return check


def _yes_no(text: str):
    return text.lower().startswith("y"), ""


def _protocol(text: str):
    return (
        (text, "")
        if "ip".startswith(text.lower())
        else (None, f'% Unknown protocol - "{text}", type "ping ?" for help\n')
    )


def _address(device):
    def check(text: str):
        if not text:
            return None, "% Bad IP address\n"
        return resolve_target(device, text)

    return check


def _source(device):
    def check(text: str):
        if not text:
            return None, ""
        from iosemu.cli.ifnames import normalise

        name = normalise(text, list(device.config.interfaces))
        if name is not None:
            return source_address(device, name, None)
        address, _ = resolve_target(device, text)
        if address is None:
            return None, "% Invalid source address\n"
        return source_address(device, None, address)

    return check


def _pattern(text: str):
    """A 16-bit data pattern, in hex (`0xFFFF` or `FFFF`)."""
    digits = text[2:] if text.lower().startswith("0x") else text
    if not 0 < len(digits) <= 4 or any(c not in "0123456789abcdefABCDEF" for c in digits):
        return None, "% Invalid pattern\n"  # [M]
    return int(digits, 16), ""


def _any(text: str):
    return text, ""


OPTIONS_PROMPT = "Loose, Strict, Record, Timestamp, Verbose"
# The words the options question takes, and what IOS calls the four IP options among them.
IP_OPTIONS = {
    "loose": "Loose source route",
    "strict": "Strict source route",
    "record": "Record route",
    "timestamp": "Record Timestamps",
    "verbose": None,
}


def _ping_options():
    """The extended ping's options, asked until an empty answer, as IOS asks them: Verbose
    toggles (the prompt then ends `[V]`); the IP options (source routes, Record route,
    Timestamps) are refused, as the routers of a lab carry no IP options."""
    verbose = False

    def check(text: str):
        nonlocal verbose
        word = text.split()[0].lower() if text else ""
        if not word:
            return verbose, ""
        found = [name for name in IP_OPTIONS if name.startswith(word)]
        if not found:
            note = f'% No such option - "{text}"\n'
        elif IP_OPTIONS[found[0]] is None:
            verbose, note = not verbose, ""
        else:
            note = f"% {IP_OPTIONS[found[0]]} is not modelled: iosemu's routers carry no IP options\n"
        return Again(OPTIONS_PROMPT + ("[V]" if verbose else "[none]"), note), ""

    return check


@handler("exec_ping_dialog")
def ping_dialog(ctx, args):
    device = ctx.device
    extended = lambda answers: answers["extended"]  # noqa: E731
    sweeping = lambda answers: answers["sweep"]  # noqa: E731
    steps = [
        ("protocol", "Protocol", "ip", _protocol, None),
        ("target", "Target IP address", "", _address(device), None),
        ("count", "Repeat count", "5", _number(1, 2147483647), None),
        ("size", "Datagram size", "100", _number(36, 18024), None),
        ("timeout", "Timeout in seconds", "2", _number(0, 3600), None),
        ("extended", "Extended commands", "n", _yes_no, None),
        ("source", "Source address or interface", "", _source(device), extended),
        ("tos", "Type of service", "0", _number(0, 255), extended),
        ("df", "Set DF bit in IP header?", "no", _yes_no, extended),
        ("validate", "Validate reply data?", "no", _yes_no, extended),
        ("pattern", "Data pattern", f"0x{DEFAULT_PATTERN:04X}", _pattern, extended),
        ("verbose", OPTIONS_PROMPT + "[none]", "", _ping_options(), extended),
        ("sweep", "Sweep range of sizes", "n", _yes_no, None),
        ("sweep_min", "Sweep min size", "36", _number(36, 18024), sweeping),
        ("sweep_max", "Sweep max size", "18024", _number(36, 18024), sweeping),
        ("sweep_interval", "Sweep interval", "1", _number(1, 18024), sweeping),
    ]

    def finish(a):
        if a["target"] is None:
            return "% Bad IP address or host name\n"
        low, high = a["sweep_min"], a["sweep_max"]
        sweep = range(low, max(low, high) + 1, a["sweep_interval"]) if a["sweep"] else None
        request = PingRequest(
            a["target"],
            a["count"],
            a["size"],
            a["timeout"],
            a["source"],
            a["df"],
            a["pattern"],
            a["validate"],
            sweep,
            a["verbose"],
        )
        return run_ping(device, request, ctx.session)

    return Questions(ctx.session, steps, finish).ask()


@handler("exec_traceroute_dialog")
def traceroute_dialog(ctx, args):
    device = ctx.device
    steps = [
        ("protocol", "Protocol", "ip", _protocol, None),
        ("target", "Target IP address", "", _address(device), None),
        ("source", "Source address", "", _source(device), None),
        ("numeric", "Numeric display", "n", _yes_no, None),
        ("timeout", "Timeout in seconds", "3", _number(0, 3600), None),
        ("probes", "Probe count", "3", _number(1, 65535), None),
        ("min_ttl", "Minimum Time to Live", "1", _number(1, 255), None),
        ("max_ttl", "Maximum Time to Live", "30", _number(1, 255), None),
        ("port", "Port Number", "33434", _number(1025, 65535), None),
        ("options", OPTIONS_PROMPT + "[none]", "none", _any, None),
    ]

    def finish(a):
        if a["target"] is None:
            return "% Bad IP address or host name\n"
        return run_traceroute(
            device,
            a["target"],
            ctx.session,
            source=a["source"] or None,
            timeout=int(a["timeout"]),
            probes=int(a["probes"]),
            min_ttl=int(a["min_ttl"]),
            max_ttl=int(a["max_ttl"]),
            port=int(a["port"]),
        )

    return Questions(ctx.session, steps, finish).ask()
