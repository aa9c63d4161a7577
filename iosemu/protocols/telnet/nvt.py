"""RFC 854's byte stream: data with IAC (255) doubled, and commands after an IAC; the option
verbs WILL, WONT, DO, DONT (RFC 855) and subnegotiations (IAC SB ... IAC SE), which are skipped.
A `Reader` splits what arrives, in pieces of any size, into the data and the option verbs."""

from __future__ import annotations

SE, SB, WILL, WONT, DO, DONT, IAC = 240, 250, 251, 252, 253, 254, 255
ECHO = 1  # RFC 857: WILL ECHO, the sender echoes what the other side types (nothing it does not echo)
VERBS = (WILL, WONT, DO, DONT)
_REFUSAL = {WILL: DONT, DO: WONT}


def escape(data: bytes) -> bytes:
    """Data as it crosses: a 255 byte goes as IAC IAC."""
    return data.replace(b"\xff", b"\xff\xff")


def command(verb: int, option: int) -> bytes:
    return bytes((IAC, verb, option))


def refusal(verb: int, option: int) -> bytes:
    """The answer to an option this side does not have: DONT to a WILL, WONT to a DO; nothing
    to WONT and DONT, which are so already (RFC 1143: no answer, no loop)."""
    answer = _REFUSAL.get(verb)
    return b"" if answer is None else command(answer, option)


class Reader:
    """One direction of a telnet connection: `feed` returns the data bytes and the (verb,
    option) pairs that arrived, in order of arrival; a command cut between segments waits."""

    def __init__(self):
        self.held = b""  # the start of a command cut at a segment's end
        self.in_sub = False  # inside IAC SB ... IAC SE

    def feed(self, data: bytes) -> tuple[bytes, list[tuple[int, int]]]:
        data, self.held = self.held + data, b""
        text, options = bytearray(), []
        at = 0
        while at < len(data):
            byte = data[at]
            if byte != IAC:
                if not self.in_sub:
                    text.append(byte)
                at += 1
                continue
            if at + 1 == len(data):
                self.held = data[at:]
                break
            verb = data[at + 1]
            if verb == IAC:  # a data byte 255 (inside a subnegotiation: its parameter)
                if not self.in_sub:
                    text.append(IAC)
                at += 2
            elif verb in VERBS:
                if at + 2 == len(data):
                    self.held = data[at:]
                    break
                options.append((verb, data[at + 2]))
                at += 3
            else:  # SB, SE, or a command without an option (NOP, GA, AYT, ...)
                self.in_sub = verb == SB or (self.in_sub and verb != SE)
                at += 2
        return bytes(text), options
