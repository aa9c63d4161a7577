"""A capture running on one link, as a capture card at one end of it sees it: every frame
that end sends, as it leaves, and every frame that reaches it whole from the far end, as
it arrives, encoded and written to a pcapng stream (one interface description per link
type the link carries, so a line whose encapsulation changes stays in one file), stamped
with the lab's clock. A frame is seen as it goes on the line: one already on its way when
the capture starts is in neither end's file, as a capture card that comes on mid-frame misses
the frame it never saw begin."""

from __future__ import annotations

import logging
from typing import BinaryIO

from iosemu.capture import pcapng
from iosemu.capture.framing import encode
from iosemu.errors import log_internal_error

LOG = logging.getLogger("iosemu")
APPLICATION = "iosemu"


class Capture:
    """`point` names the capturing end ("R1:Serial0/0/0"); frames it sends are outbound,
    frames from the far end inbound. `frames` counts what was written; `error` is why the
    capture stopped by itself (the reader went away, the disk is full), or None."""

    def __init__(
        self, scheduler, link, end, point: str, far: str, stream: BinaryIO, *, owned: bool, live: bool
    ):
        self.scheduler = scheduler
        self.link = link
        self.end = end
        self.point = point
        self.far = far
        self.stream = stream
        self.owned = owned  # iosemu opened the stream, and closes it
        self.live = live  # a pipe or a FIFO: each frame flushed as written
        self.frames = 0
        self.error: str | None = None
        self.running = True
        self._interfaces: dict[int, int] = {}  # link type -> its interface id in the file
        epoch = scheduler.wallclock(0).timestamp()
        self._epoch_us = round(epoch * 1_000_000)
        self._write(pcapng.section_header(APPLICATION))
        link.taps = (*link.taps, self)

    @property
    def name(self) -> str:
        return getattr(self.stream, "name", "-") if self.owned else "-"

    def __call__(self, end, frame, delay: float, damaged: bool) -> None:
        """A frame goes on the wire: one the point sends is written as it leaves; one from
        the far end once all of it has arrived, unless the line damaged it (the point's
        receiver drops it for its CRC, as the router does)."""
        if end == self.end:
            self._record(frame, pcapng.OUTBOUND)
        elif not damaged:
            self.scheduler.call_later(delay, self._record, frame, pcapng.INBOUND)

    def _record(self, frame, direction: int) -> None:
        if not self.running:  # stopped while the frame was on its way
            return
        try:
            linktype, data = encode(frame)
        except Exception:  # a frame iosemu cannot encode is a bug; the simulation goes on
            log_internal_error(LOG, "encoding a captured frame", frame)
            return
        interface = self._interfaces.get(linktype)
        if interface is None:
            interface = self._interfaces[linktype] = len(self._interfaces)
            described = f"{self.point} - {self.far}"
            self._write(pcapng.interface_description(linktype, self.point, described))
        stamp = self._epoch_us + round(self.scheduler.now * 1_000_000)
        self._write(pcapng.enhanced_packet(interface, stamp, data, direction))
        self.frames += 1

    def _write(self, block: bytes) -> None:
        if not self.running:
            return
        try:
            self.stream.write(block)
            if self.live:
                self.stream.flush()
        except (OSError, ValueError) as fault:  # a closed pipe, a full disk, a closed stream
            self.error = str(fault) or type(fault).__name__
            self.stop()

    def stop(self) -> None:
        """The capture ends: the link untapped, the file complete and closed."""
        self.link.taps = tuple(tap for tap in self.link.taps if tap is not self)
        if not self.running:
            return
        self.running = False
        try:
            if self.owned:
                self.stream.close()
            else:
                self.stream.flush()
        except (OSError, ValueError) as fault:
            self.error = self.error or str(fault)

    def __repr__(self) -> str:
        state = "running" if self.running else "stopped"
        return f"<Capture {self.point} -> {self.name}: {self.frames} frames, {state}>"
