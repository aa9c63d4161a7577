"""The Local Management Interface between a Frame Relay DTE (the router) and its DCE (the
switch, or a router acting as one): Cisco, ANSI T1.617 Annex D and ITU Q.933 Annex A.

The DTE sends a Status Enquiry every T391 seconds (the interface's keepalive), a full
status request every N391st time (the first one too); the DCE answers each with a Status,
listing every PVC in a full one. Both ends keep the last N393 events (an answered poll, or
one that went unanswered: T391 on the DTE, T392 on the DCE) and hold the LMI up while
fewer than N392 of them failed. Without a configured type the DTE autosenses while its LMI
is down: every N391st poll (the first too) asks in all three types at once, the polls in
between in the last type asked, and the type the switch answers in is the one it keeps.

Each side reports to its owner, which supplies `send_lmi(dlci, data)`, `debug(text)` and
`lmi_changed(up)`; the DTE also calls `full_status(pvcs)`, the DCE asks `pvc_report()`.
"""

from __future__ import annotations

from collections import deque

from iosemu.protocols.frame_relay.pdu import (
    FULL,
    LINK_ONLY,
    LMI_TYPES,
    LOCKING_SHIFT,
    NEW,
    STATUS,
    STATUS_ENQUIRY,
    LmiMessage,
    LmiType,
    Malformed,
    address_bytes,
    decode_lmi,
    hexdump,
)

N391, N392, N393 = 6, 3, 4
T392 = 15.0
AUTOSENSE_ORDER = ("ansi", "q933a", "cisco")  # the order IOS asks in while autosensing

INVALID_COUNTERS = (
    "Invalid Unnumbered info",
    "Invalid Prot Disc",
    "Invalid dummy Call Ref",
    "Invalid Msg Type",
    "Invalid Status Message",
    "Invalid Lock Shift",
    "Invalid Information ID",
    "Invalid Report IE Len",
    "Invalid Report Request",
    "Invalid Keep IE Len",
)


def next_seq(seq: int) -> int:
    """Link-integrity sequence numbers run 1 to 255, then 1 again (0 is never sent)."""
    return 1 if seq >= 255 else seq + 1


def lmi_type_of(dlci: int, data: bytes) -> LmiType | None:
    """Which LMI a frame on an LMI DLCI speaks (autosensing), or None."""
    if dlci == 1023:
        return LMI_TYPES["cisco"]
    if dlci == 0 and len(data) > 4:
        return LMI_TYPES["ansi"] if data[4] == LOCKING_SHIFT else LMI_TYPES["q933a"]
    return None


class _Side:
    """What both ends keep: the type, the sequence numbers, the event window, counters."""

    role = ""

    def __init__(self, owner, lmi_type: str | None):
        self.owner = owner
        self.scheduler = owner.scheduler
        self.type: LmiType | None = LMI_TYPES[lmi_type] if lmi_type else None
        self.sent_seq = 0  # the last sequence number we sent
        self.seen_seq = 0  # the last we received from the far end
        self.events: deque[bool] = deque(maxlen=N393)
        self.up = False
        self.invalid = dict.fromkeys(INVALID_COUNTERS, 0)
        self.enquiries = 0  # Status Enquiries sent (DTE) or received (DCE)
        self.statuses = 0  # Status messages received (DTE) or sent (DCE)
        self.timeouts = 0
        self.last_full: tuple[float | None, float | None] = (None, None)  # asked, answered
        self._timer = None

    def stop(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        self.events.clear()
        self.sent_seq = self.seen_seq = 0
        self._set_up(False, quiet=True)

    def _event(self, good: bool) -> None:
        self.events.append(good)
        failures = self.events.count(False)
        self._set_up(failures < N392 and (self.up or good))

    def _set_up(self, up: bool, quiet: bool = False) -> None:
        if up != self.up:
            self.up = up
            if not quiet:
                self.owner.lmi_changed(up)

    def _decode(self, dlci: int, data: bytes, lmi: LmiType | None) -> LmiMessage | None:
        if lmi is None or dlci != lmi.dlci:
            return None
        try:
            return decode_lmi(data, lmi)
        except Malformed as fault:
            self.invalid[fault.counter] += 1
            return None

    def _send(self, lmi: LmiType, message: LmiMessage, tag: str) -> None:
        """Send a message; `debug frame-relay lmi` shows it (a DTE's with its bytes)."""
        data = message.encode(lmi)
        owner = self.owner
        owner.send_lmi(lmi.dlci, data)
        if owner.debugging:
            state = "up" if self.up else "down"
            line = f"myseq {message.sent}, yourseen {message.seen}, {self.role} {state}"
            owner.debug(f"{owner.port_name}(out): {tag}, {line}")
            if self.role == "DTE":
                for line in hexdump(address_bytes(lmi.dlci) + data, owner.datagram_start()):
                    owner.debug(line)

    def _debug_in(self, message: LmiMessage, tag: str, size: int) -> None:
        owner = self.owner
        if not owner.debugging:
            return
        lmi = self.type
        owner.debug(f"{owner.port_name}(in): {tag}, myseq {self.sent_seq}, pak size {size}")
        owner.debug(f"RT IE {lmi.report_ie:x}, length 1, type {message.report:x}")
        owner.debug(
            f"KA IE {lmi.keepalive_ie:x}, length 2, yourseq {message.sent:<2}, myseq {message.seen:<2}"
        )
        cisco = lmi.name == "cisco"
        for dlci, status in message.pvcs:
            length = 6 if cisco else 3
            head = f"PVC IE 0x{lmi.pvc_ie:<2x}, length 0x{length:<2x}, dlci {dlci}, status 0x{status:<2x}"
            owner.debug(head + ", bw 0" if cisco else head)


class LmiDte(_Side):
    """The router's side: it polls, and learns the PVCs from the full status reports."""

    role = "DTE"

    def __init__(self, owner, lmi_type: str | None):
        super().__init__(owner, lmi_type)
        self.autosense = lmi_type is None
        self.period = 10
        self.polls = 0
        self.waiting = False  # a poll not answered yet

    def start(self, period: int) -> None:
        self.period = period
        self.polls = 0
        self._poll()

    def set_period(self, period: int) -> None:
        self.period = period

    def _poll(self) -> None:
        if self.waiting:
            self.timeouts += 1
            self._event(False)
        full = self.polls % N391 == 0
        self.polls += 1
        self.waiting = True
        if self.autosense and not self.up and full:
            # Autosensing: a full status enquiry in each type, in IOS's order; each change of
            # type starts the sequence numbers again, and the last type asked in stays.
            self.sent_seq = self.seen_seq = 0
            for name in AUTOSENSE_ORDER:
                self.type = LMI_TYPES[name]
                self._enquire(FULL, 1)
        else:
            self._enquire(FULL if full or not self.up else LINK_ONLY, next_seq(self.sent_seq))
        self._timer = self.scheduler.call_later(self.period, self._poll)

    def _enquire(self, report: int, seq: int) -> None:
        self.sent_seq = seq
        self.enquiries += 1
        if report == FULL:
            self.last_full = (self.scheduler.now, self.last_full[1])
        self._send(self.type, LmiMessage(STATUS_ENQUIRY, report, seq, self.seen_seq), "StEnq")

    def receive(self, dlci: int, data: bytes) -> None:
        sensing = self.autosense and not self.up  # a Status in any type: the type it is in
        lmi = lmi_type_of(dlci, data) if sensing else self.type
        message = self._decode(dlci, data, lmi)
        if message is None:
            return
        if message.kind != STATUS:
            self.invalid["Invalid Msg Type"] += 1
            return
        self.type = lmi
        self.statuses += 1
        self._debug_in(message, "Status", len(data) + 2)
        if message.seen != self.sent_seq or not self.waiting:
            return  # an answer to another poll: this one still counts as unanswered
        self.waiting = False
        self.seen_seq = message.sent
        if message.report == FULL:
            self.last_full = (self.last_full[0], self.scheduler.now)
        self._event(True)
        if message.report == FULL and self.up:  # (a reserved DLCI's status is not a PVC's)
            self.owner.full_status({dlci: bits for dlci, bits in message.pvcs if 16 <= dlci <= 1007})


class LmiDce(_Side):
    """The switch's side: it answers each poll, and watches that polls keep coming (T392)."""

    role = "DCE"

    def __init__(self, owner, lmi_type: str | None):
        super().__init__(owner, lmi_type or "cisco")
        self.reported: set[int] = set()  # the PVCs already reported (the rest are new)

    def start(self, period: int | None = None) -> None:
        self._arm()

    def set_period(self, period: int) -> None:
        """The DCE's watch (T392) does not follow the keepalive."""

    def stop(self) -> None:
        super().stop()
        self.reported = set()

    def _arm(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
        self._timer = self.scheduler.call_later(T392, self._expired)

    def _expired(self) -> None:
        self._timer = None
        self.timeouts += 1
        self._event(False)
        self._arm()

    def receive(self, dlci: int, data: bytes) -> None:
        message = self._decode(dlci, data, self.type)
        if message is None:
            return
        if message.kind != STATUS_ENQUIRY:
            self.invalid["Invalid Msg Type"] += 1
            return
        self.enquiries += 1
        self._debug_in(message, "StEnq", len(data) + 2)
        # Either end may have started again: the DCE (nothing sent yet) or the DTE (seen 0).
        good = self.sent_seq == 0 or message.seen in (0, self.sent_seq)
        self.seen_seq = message.sent
        self.sent_seq = next_seq(self.sent_seq)
        self._arm()
        self._event(good)
        pvcs: tuple[tuple[int, int], ...] = ()
        if message.report == FULL:
            self.last_full = (self.scheduler.now, self.scheduler.now)
            report = self.owner.pvc_report() if self.up else {}
            pvcs = tuple(
                (dlci, status | (0 if dlci in self.reported else NEW))
                for dlci, status in sorted(report.items())
            )
            self.reported = set(report)
        reply = LmiMessage(STATUS, message.report, self.sent_seq, self.seen_seq, pvcs)
        self.statuses += 1
        self._send(self.type, reply, "Status")
