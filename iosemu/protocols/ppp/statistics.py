"""The router's PPP counters behind `show ppp statistics`: sessions allocated and freed,
links at each stage, negotiations, CHAP and PAP results and why links went down.

The PPP engines of a router count here as things happen (one object per router, made at
boot). Each row carries IOS's type number and text; counters only go up, gauges (the
links at a stage, the sessions up) go up and down and keep their peak.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# IOS's rows, in its order: (type, text). The text is IOS's, typo included.
HANDLES = ((14, "PPP Handles Allocated"), (15, "PPP Handles Freed"), (19, "PPP Encapped Interfaces"))
MIB = (
    (1, "Links at LCP Stage"),
    (2, "Links at Unauthenticated Name Stage"),
    (3, "Links at Authenticated Name Stage"),
    (6, "Links at Forwarded Stage"),
    (7, "Links at Local Termination Stage"),
    (20, "Successful LCP neogtiations"),
    (22, "Entered Authentication Stage"),
    (28, "IPCP UP Sessions"),
    (48, "CHAP authentication attempts"),
    (49, "CHAP authentication successes"),
    (50, "CHAP authentication failures"),
    (51, "PAP authentication attempts"),
    (52, "PAP authentication successes"),
    (53, "PAP authentication failures"),
    (95, "Total Sessions"),
    (96, "Non-MLP Sessions"),
    (98, "Total Links"),
    (99, "Non-MLP Links"),
)
DISCONNECTS = (
    (11, "Missed too many keepalives"),
    (17, "Received LCP TERMREQ from peer"),
    (29, "Lower Layer disconnected"),
)
KEEPALIVES, TERMREQ, LOWER_LAYER = 11, 17, 29
GAUGES = frozenset({1, 2, 3, 6, 7, 28, 95, 96, 98, 99})  # the MIB rows with a peak and a present value

_STAGES = {"ESTABLISHING": 1, "AUTHENTICATING": 2, "FORWARDING": 6, "UP": 7}  # phase -> gauge
_SESSIONS = (95, 96)  # links at Local Termination: the sessions up
_LINKS = (98, 99)  # links with a session allocated
_AUTH = {"chap": (48, 49, 50), "pap": (51, 52, 53)}


@dataclass(slots=True)
class PppStatistics:
    counts: dict[int, int] = field(default_factory=dict)  # counters, and gauges' present values
    peaks: dict[int, int] = field(default_factory=dict)
    links: dict[str, int | None] = field(default_factory=dict)  # interface -> its stage gauge
    ipcp_up: set[str] = field(default_factory=set)

    def _add(self, kind: int, by: int = 1) -> None:
        value = self.counts.get(kind, 0) + by
        self.counts[kind] = value
        if value > self.peaks.get(kind, 0):
            self.peaks[kind] = value

    # -- what the engines report --------------------------------------------------------------
    def phase(self, interface: str, text: str) -> None:
        """The link on `interface` entered a phase, as `debug ppp negotiation` words it
        (`ESTABLISHING, Active Open`, `AUTHENTICATING, by both`, `UP`, `DOWN` ...)."""
        name = text.split(",")[0]
        if text == "ESTABLISHING, Finish LCP":
            return  # on its way from forwarding to UP
        if name == "ESTABLISHING":
            self._end(interface)
            self._add(14)
            for kind in _LINKS:
                self._add(kind)
            self.links[interface] = None
        elif interface not in self.links:
            return
        before = self.links[interface]
        if name == "AUTHENTICATING":
            self._add(20)
            self._add(22)
        elif name == "FORWARDING" and before == 1:
            self._add(20)  # LCP opened and no authentication asked
        elif name == "FORWARDING" and before == 2:  # passed: the authenticated name stage
            self._add(3)
            self._add(3, -1)
        if name == "DOWN":
            self._end(interface)
        else:
            self._enter(interface, _STAGES.get(name))

    def stopped(self, interface: str) -> None:
        """The engine stopped (carrier lost, shut down, another encapsulation)."""
        if interface in self.links:
            self.disconnect(LOWER_LAYER)
            self._end(interface)

    def _enter(self, interface: str, stage: int | None) -> None:
        before = self.links[interface]
        for kind, by in ((before, -1), (stage, 1)):
            if kind is not None:
                self._add(kind, by)
                if kind == 7:
                    for session in _SESSIONS:
                        self._add(session, by)
        self.links[interface] = stage

    def _end(self, interface: str) -> None:
        """The link's session is freed (back in Dead)."""
        if interface not in self.links:
            return
        self._enter(interface, None)
        del self.links[interface]
        self._add(15)
        for kind in _LINKS:
            self._add(kind, -1)

    def ipcp(self, interface: str, up: bool) -> None:
        if up and interface not in self.ipcp_up:
            self.ipcp_up.add(interface)
            self._add(28)
        elif not up and interface in self.ipcp_up:
            self.ipcp_up.discard(interface)
            self._add(28, -1)

    def authenticated(self, method: str, ok: bool) -> None:
        """This end checked the peer's CHAP Response or PAP Authenticate-Request."""
        attempts, successes, failures = _AUTH[method]
        self._add(attempts)
        self._add(successes if ok else failures)

    def disconnect(self, reason: int) -> None:
        self._add(reason)

    # -- what show ppp statistics reads ---------------------------------------------------------
    def value(self, kind: int) -> int:
        return self.counts.get(kind, 0)

    def peak(self, kind: int) -> int:
        return self.peaks.get(kind, 0)
