"""debug / undebug / no debug and show debugging: which protocol events the console shows.

Each flag is named by the words after `debug`; protocols emit through `device.debug(flag,
text)`, which prints only while the flag is on.
"""

from __future__ import annotations

from iosemu.config.registry import handler

# flag -> (group heading in show debugging, what the flag is called in messages)
FLAGS = {
    "cdp adjacency": ("CDP", "CDP neighbor info debugging"),
    "cdp events": ("CDP", "CDP events debugging"),
    "cdp packets": ("CDP", "CDP packet info debugging"),
    "frame-relay events": ("Frame Relay", "Frame Relay events debugging"),
    "frame-relay lmi": ("Frame Relay", "Frame Relay LMI debugging"),
    "frame-relay packet": ("Frame Relay", "Frame Relay packet debugging"),
    "ip dhcp server events": ("DHCP server", "DHCP server event debugging"),
    "ip dhcp server packet": ("DHCP server", "DHCP server packet debugging"),
    "ip icmp": ("Generic IP", "ICMP packet debugging"),
    "l2tp error": ("L2TP", "L2TP errors debugging"),
    "l2tp event": ("L2TP", "L2TP events debugging"),
    "ppp authentication": ("PPP", "PPP authentication debugging"),
    "ppp error": ("PPP", "PPP protocol errors debugging"),
    "ppp negotiation": ("PPP", "PPP protocol negotiation debugging"),
    "ppp packet": ("PPP", "PPP packet display debugging"),
    "pppoe events": ("PPPoE", "PPPoE protocol events debugging"),
    "vpdn event": ("VPN", "VPDN events debugging"),
    "vpdn l2x-events": ("VPN", "L2X protocol events debugging"),
}


# What IOS adds when some flags go on.
ON_NOTES = {"frame-relay lmi": "Displaying all Frame Relay LMI data\n"}
FULL_STOP = frozenset({"ip dhcp server events", "ip dhcp server packet"})  # `... debugging is on.`


def _flag(line: str) -> str:
    words = line.split()
    skip = 2 if words[0] == "no" else 1
    return " ".join(words[skip:])


@handler("exec_debug", "exec_undebug")
def debug(ctx, args):
    flags = ctx.device.debugs
    flag = _flag(ctx.line)
    if flag == "all":
        flags.clear()
        return "All possible debugging has been turned off\n"
    name = FLAGS[flag][1]
    stop = "." if flag in FULL_STOP else ""
    if args.no or args.undebug:
        flags.discard(flag)
        return f"{name} is off{stop}\n"
    flags.add(flag)
    return f"{name} is on{stop}\n" + ON_NOTES.get(flag, "")


@handler("show_debugging")
def show_debugging(ctx, args):
    groups: dict[str, list[str]] = {}
    for flag in sorted(ctx.device.debugs):
        heading, name = FLAGS[flag]
        groups.setdefault(heading, []).append(f"  {name} is on")
    return "".join(f"{heading}:\n" + "\n".join(lines) + "\n" for heading, lines in groups.items())
