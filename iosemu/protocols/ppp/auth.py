"""PPP authentication: CHAP (RFC 1994, MD5) and PAP (RFC 1334), each end both ways.

The authenticator is the end that demands a method (`ppp authentication chap|pap`); the
peer answers it. CHAP names each end by its hostname (or `ppp chap hostname`) and takes
secrets from the local user database (`username R2 password cisco`), or from
`ppp chap password` when answering; PAP sends `ppp pap sent-username U password P`.
A CHAP secret must be readable: a `username ... secret` (a one-way hash) cannot answer or
check a challenge, on IOS as here. What happens shows under `debug ppp authentication`.
"""

from __future__ import annotations

import hashlib

from iosemu.protocols.ppp.pdu import CHAP, PAP, Packet

CHALLENGE, RESPONSE, SUCCESS, FAILURE = 1, 2, 3, 4
AUTH_REQ, AUTH_ACK, AUTH_NAK = 1, 2, 3
CHAP_NAMES = {CHALLENGE: "CHALLENGE", RESPONSE: "RESPONSE", SUCCESS: "SUCCESS", FAILURE: "FAILURE"}
PAP_NAMES = {AUTH_REQ: "AUTH-REQ", AUTH_ACK: "AUTH-ACK", AUTH_NAK: "AUTH-NAK"}
CHALLENGE_SIZE = 16
RETRY = 2.0  # a challenge or an Authenticate-Request unanswered is sent again ...
ATTEMPTS = 5  # ... this many times in all, then authentication has failed
PAP_FAILURE = "Authentication failure"


def chap_digest(ident: int, secret: bytes, challenge: bytes) -> bytes:
    return hashlib.md5(bytes((ident,)) + secret + challenge).digest()


def _text(data: bytes) -> str:
    return data.decode("latin-1")


def _lp(data: bytes, at: int) -> tuple[bytes, int] | None:
    """A length-prefixed field at `at`: (bytes, where the next field starts), or None."""
    if at >= len(data) or at + 1 + data[at] > len(data):
        return None
    return data[at + 1 : at + 1 + data[at]], at + 1 + data[at]


class Authentication:
    """Both directions of one link's authentication phase. `link` is the PPP engine: it
    says what this end demands and answers, supplies names and secrets, and is told when
    the phase ends (`auth_done(ok)`)."""

    def __init__(self, link, demand: str | None, answer: str | None):
        self.link = link
        self.demand = demand  # chap / pap: what we require of the peer, or None
        self.answer = answer  # what the peer requires of us
        self.demand_ok = demand is None
        self.answer_ok = answer is None
        self.ident = 0
        self.challenge = b""
        self.peer_name: str | None = None
        self.tries = 0
        self._timer = None
        self.finished = False
        self.refused = False  # the peer refused our answer (CHAP Failure, PAP Authenticate-Nak)

    @property
    def direction(self) -> str:
        if self.demand and self.answer:
            return "by both"
        return "by this end" if self.demand else "by the peer"

    def start(self) -> None:
        if self.demand == "chap":
            self.ident = 1  # each session's first challenge
            self.challenge = self.link.rng.randbytes(CHALLENGE_SIZE)
        self.tries = 0
        self._retry()

    def take(self, proxy: tuple) -> None:
        """Proxy authentication (an LNS): the peer's answer to the LAC (method, identifier,
        challenge, response, name), checked as if this end had asked."""
        method, ident, challenge, response, name = proxy
        self.ident, self.challenge, self.tries = ident, challenge, 1
        if method == "chap":
            data = bytes((len(response),)) + response + name.encode("latin-1", "replace")
            self._show("I", CHAP, Packet(RESPONSE, ident, data), f'from "{name}"')
            self._check_response(ident, response, name)
        else:
            self._check_pap(ident, name, response.decode("latin-1"))

    def stop(self) -> None:
        self.finished = True
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None

    # -- what we send on our own: CHAP challenges, PAP requests ------------------------------
    def _retry(self) -> None:
        self._timer = None
        if self.finished:
            return
        if self.tries >= ATTEMPTS:  # no answer in time: this end gives up on the link
            self._fail_demand()
            return
        self.tries += 1
        if self.demand == "chap" and not self.demand_ok:
            self._send_challenge()
        if self.answer == "pap" and not self.answer_ok and not self.refused:
            self._send_pap_request()
        self._timer = self.link.scheduler.call_later(RETRY, self._retry)

    def _send_challenge(self) -> None:
        name = self.link.chap_hostname()
        data = bytes((len(self.challenge),)) + self.challenge + name.encode("latin-1", "replace")
        self._send(CHAP, Packet(CHALLENGE, self.ident, data), f'from "{name}"')

    def _send_pap_request(self) -> None:
        user, password = self.link.pap_credentials()
        self.ident = (self.ident + 1) & 0xFF
        user_b, password_b = user.encode("latin-1", "replace"), password.encode("latin-1", "replace")
        data = bytes((len(user_b),)) + user_b + bytes((len(password_b),)) + password_b
        self._send(PAP, Packet(AUTH_REQ, self.ident, data), f'from "{user}"')

    def _send(self, protocol: int, packet: Packet, tail: str = "") -> None:
        self._show("O", protocol, packet, tail)
        self.link.send_control(protocol, packet.encode())

    # -- what arrives ---------------------------------------------------------------------------
    def receive(self, protocol: int, raw: bytes) -> None:
        packet = Packet.decode(raw)
        if packet is None:
            return
        if protocol == CHAP:
            self._chap(packet)
        else:
            self._pap(packet)

    def _chap(self, packet: Packet) -> None:
        code, data = packet.code, packet.data
        if code in (CHALLENGE, RESPONSE):
            field = _lp(data, 0)
            if field is None:
                return  # truncated: discarded
            value, at = field
            name = _text(data[at:])
            self._show("I", CHAP, packet, f'from "{name}"')
            if code == CHALLENGE and self.answer == "chap":
                self._answer_challenge(packet.ident, value, name)
            elif code == RESPONSE and self.demand == "chap" and packet.ident == self.ident:
                if self.demand_ok:  # our Success was lost: the peer asks again (RFC 1994 4.1)
                    self._send(CHAP, Packet(SUCCESS, packet.ident), "")
                elif not self.finished:
                    self._check_response(packet.ident, value, name)
        elif code in (SUCCESS, FAILURE):
            self._show("I", CHAP, packet, self._message(code, data))
            if self.answer == "chap" and not self.answer_ok and not self.finished:
                self._answered(code == SUCCESS)

    def _answer_challenge(self, ident: int, challenge: bytes, peer: str) -> None:
        link = self.link
        name = link.chap_hostname()
        secret, source = link.chap_secret(peer)
        if source == "AAA" and link.train15:
            link.debug_auth("PPP: Sent CHAP SENDAUTH Request")
            link.debug_auth(f"PPP: Received SENDAUTH Response {'PASS' if secret is not None else 'FAIL'}")
        if secret is None:  # nothing to answer with: this end gives up on the link
            link.debug_auth(f"CHAP: Username {peer} not found")
            link.debug_auth("CHAP: Unable to authenticate for peer")
            self._fail_demand()
            return
        link.debug_auth(f"CHAP: Using hostname from {link.chap_hostname_source()}")
        link.debug_auth(f"CHAP: Using password from {source}")
        digest = chap_digest(ident, secret, challenge)
        data = bytes((len(digest),)) + digest + name.encode("latin-1", "replace")
        self._send(CHAP, Packet(RESPONSE, ident, data), f'from "{name}"')

    def _check_response(self, ident: int, value: bytes, name: str) -> None:
        link = self.link
        self.peer_name = name
        if link.forward(name, ("chap", ident, self.challenge, value)):
            return
        secret = link.user_secret(name)
        if secret is None:
            if not link.user_exists(name):
                link.debug_auth(f"CHAP: Username {name} not found")
            ok = False
        else:
            ok = chap_digest(ident, secret, self.challenge) == value
        link.statistics.authenticated("chap", ok)
        link.debug_auth("PPP: Sent CHAP LOGIN Request")
        link.debug_auth(f"PPP: Received LOGIN Response {'PASS' if ok else 'FAIL'}")
        if ok:
            self._send(CHAP, Packet(SUCCESS, ident), "")
            self._demand_passed()
        else:
            message = link.chap_failure_text()
            packet = Packet(FAILURE, ident, message.encode())
            self._send(CHAP, packet, f'msg is "{message}"')
            self._fail_demand()

    def _pap(self, packet: Packet) -> None:
        code, data = packet.code, packet.data
        if code == AUTH_REQ:
            user = _lp(data, 0)
            password = _lp(data, user[1]) if user else None
            if password is None:
                return  # truncated: discarded
            self._show("I", PAP, packet, f'from "{_text(user[0])}"')
            if self.demand == "pap" and self.demand_ok:  # our Ack was lost (RFC 1334 2.2.1)
                self._send(PAP, Packet(AUTH_ACK, packet.ident, b"\x00"), "")
            elif self.demand == "pap" and not self.finished:
                self._check_pap(packet.ident, _text(user[0]), _text(password[0]))
        elif code in (AUTH_ACK, AUTH_NAK):
            self._show("I", PAP, packet, self._message(code, data, lp=True))
            answering = self.answer == "pap" and not self.answer_ok and not self.finished
            if answering and packet.ident == self.ident:
                self._answered(code == AUTH_ACK)

    def _check_pap(self, ident: int, user: str, password: str) -> None:
        link = self.link
        self.peer_name = user
        if link.forward(user, ("pap", ident, b"", password.encode("latin-1", "replace"))):
            return
        link.debug_auth("PAP: Authenticating peer " + user)
        ok = link.pap_valid(user, password)
        link.statistics.authenticated("pap", ok)
        link.debug_auth("PPP: Sent PAP LOGIN Request")
        link.debug_auth(f"PPP: Received LOGIN Response {'PASS' if ok else 'FAIL'}")
        if ok:
            self._send(PAP, Packet(AUTH_ACK, ident, b"\x00"), "")
            self._demand_passed()
        else:
            message = PAP_FAILURE.encode()
            nak = Packet(AUTH_NAK, ident, bytes((len(message),)) + message)
            self._send(PAP, nak, f'msg is "{PAP_FAILURE}"')
            self._fail_demand()

    # -- the outcome -------------------------------------------------------------------------------
    def _demand_passed(self) -> None:
        self.demand_ok = True
        self._maybe_done()

    def _fail_demand(self) -> None:
        self.stop()
        self.link.auth_done(False)

    def _answered(self, ok: bool) -> None:
        if not ok:  # the authenticator ends the link; should it not, the attempts run out
            self.refused = True
            return
        self.answer_ok = True
        self._maybe_done()

    def _maybe_done(self) -> None:
        if self.demand_ok and self.answer_ok and not self.finished:
            self.stop()
            self.link.auth_done(True)

    # -- debug ------------------------------------------------------------------------------------
    @staticmethod
    def _message(code: int, data: bytes, lp: bool = False) -> str:
        if lp:
            field = _lp(data, 0)
            data = field[0] if field else b""
        return f'msg is "{_text(data)}"' if data and code in (FAILURE, AUTH_NAK) else ""

    def _show(self, direction: str, protocol: int, packet: Packet, tail: str) -> None:
        family, names = ("CHAP", CHAP_NAMES) if protocol == CHAP else ("PAP", PAP_NAMES)
        name = names.get(packet.code, f"code {packet.code}")
        line = f"{family}: {direction} {name} id {packet.ident} len {len(packet)}"
        self.link.debug_auth(f"{line} {tail}" if tail else line)
