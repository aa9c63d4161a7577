"""The SSH transport over a TCP stream: each side first sends its version line (RFC 4253
section 4.2; IOS's is `SSH-2.0-Cisco-1.25`), then binary packets, `uint32 length, byte type,
payload` (section 6, without padding or MAC). The messages used: USERAUTH_REQUEST (the user and
the password, each as an RFC 4251 string), USERAUTH_FAILURE / USERAUTH_SUCCESS, CHANNEL_DATA
(terminal text) and DISCONNECT."""

from __future__ import annotations

import struct
from dataclasses import dataclass

VERSION = b"SSH-2.0-Cisco-1.25\r\n"
DISCONNECT, USERAUTH_REQUEST, USERAUTH_FAILURE, USERAUTH_SUCCESS, CHANNEL_DATA = 1, 50, 51, 52, 94
MAX_PACKET = 35000  # RFC 4253 6.1: what every implementation must take
# What IOS's SSH server offers, in its order of preference: 12.4 has AES and 3DES in CBC mode,
# 15.x puts AES in CTR mode first; both the SHA-1 and MD5 HMACs. A client gets the first of its
# own list the server has (RFC 4253 7.1): OpenSSH, aes128-ctr (12.4: aes128-cbc) and hmac-sha1.
CIPHERS = {
    False: ("aes128-cbc", "3des-cbc", "aes192-cbc", "aes256-cbc"),
    True: ("aes128-ctr", "aes192-ctr", "aes256-ctr", "aes128-cbc", "3des-cbc", "aes192-cbc", "aes256-cbc"),
}  # by train15
MACS = ("hmac-sha1", "hmac-sha1-96", "hmac-md5", "hmac-md5-96")


class Malformed(ValueError):
    """Bytes that break the framing (the connection is dropped)."""


@dataclass(frozen=True)
class Message:
    type: int
    payload: bytes = b""


def packet(kind: int, payload: bytes = b"") -> bytes:
    return struct.pack("!IB", len(payload) + 1, kind) + payload


def string(text: str) -> bytes:
    data = text.encode("utf-8", "surrogateescape")
    return struct.pack("!I", len(data)) + data


def auth_request(user: str, password: str) -> bytes:
    return packet(
        USERAUTH_REQUEST, string(user) + string("ssh-connection") + string("password") + string(password)
    )


def read_auth(payload: bytes) -> tuple[str, str]:
    """(user, password) of a USERAUTH_REQUEST; Malformed if it is not one with a password."""
    fields, at = [], 0
    for _ in range(4):
        if at + 4 > len(payload):
            raise Malformed("a short USERAUTH_REQUEST")
        (size,) = struct.unpack_from("!I", payload, at)
        at += 4
        if at + size > len(payload):
            raise Malformed("a string past the packet's end")
        fields.append(payload[at : at + size].decode("utf-8", "surrogateescape"))
        at += size
    if fields[2] != "password":
        raise Malformed(f"the method {fields[2]!r}")
    return fields[0], fields[3]


class Reader:
    """Splits what a TCP connection delivers into the peer's version line, then its messages."""

    def __init__(self):
        self.buffer = bytearray()
        self.version: bytes | None = None

    def feed(self, data: bytes) -> list[Message]:
        self.buffer += data
        messages = []
        if self.version is None:
            end = self.buffer.find(b"\n")
            if end < 0:
                if len(self.buffer) > 255:
                    raise Malformed("no version line in 255 bytes")
                return messages
            self.version = bytes(self.buffer[: end + 1])
            if not self.version.startswith(b"SSH-2.0-"):
                raise Malformed(f"the version {self.version[:40]!r}")
            del self.buffer[: end + 1]
        while len(self.buffer) >= 5:
            (size,) = struct.unpack_from("!I", self.buffer)
            if not 1 <= size <= MAX_PACKET:
                raise Malformed(f"a packet of {size} bytes")
            if len(self.buffer) < 4 + size:
                break
            messages.append(Message(self.buffer[4], bytes(self.buffer[5 : 4 + size])))
            del self.buffer[: 4 + size]
        return messages
