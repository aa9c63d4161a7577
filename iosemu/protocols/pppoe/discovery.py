"""PPPoE discovery (RFC 2516 section 5) for both ends.

`PppoeClient`, the host (a Dialer's `pppoe-client`): PADI broadcast, the first PADO taken, PADR
to that concentrator, PADS gives the session; each unanswered step is sent again after twice
the wait (section 5.1), and PADR's after `PADR_TRIES` sends start over from PADI; a session
ended (a PADT, or `again()`) is looked for again `REDIAL` seconds later, as IOS does. Its owner
sends (`send(mac, packet)`, mac None: broadcast) and hears `up(session_id, mac)`, `down()`.

`PppoeServer`, the access concentrator (a `bba-group`): a PADO for each PADI with its AC-Name,
the Service-Name asked for and a cookie made from the host's address and its secret, a PADS with
the next free session id for each PADR whose cookie it made, PADT both ways. Its owner sends and hears
`session_up(session_id, mac)`, `session_down(session_id)`.
"""

from __future__ import annotations

import hashlib

from iosemu.protocols.pppoe.pdu import (
    AC_COOKIE,
    AC_NAME,
    HOST_UNIQ,
    PADI,
    PADO,
    PADR,
    PADS,
    PADT,
    SERVICE_NAME,
    SERVICE_NAME_ERROR,
    Pppoe,
)

FIRST_WAIT, LONGEST_WAIT = 2.0, 32.0  # seconds before a PADI or PADR goes again, doubling [M]
PADR_TRIES = 3
REDIAL = 20.0  # a session ended: the next PADI (20 s after the PADT in csr_cpe_syslog_pppoe_dialer)


class PppoeClient:
    def __init__(self, scheduler, owner, host_uniq: bytes, service: bytes = b""):
        self.scheduler, self.owner = scheduler, owner
        self.host_uniq, self.service = host_uniq, service
        self.state = "idle"  # idle, selecting (PADI sent), requesting (PADR sent), session
        self.session_id = 0
        self.concentrator: int | None = None  # its MAC address
        self._cookie: bytes | None = None
        self._wait = FIRST_WAIT
        self._tries = 0
        self._timer = None

    def start(self) -> None:
        self._cancel()
        self.state, self.session_id, self.concentrator = "selecting", 0, None
        self._wait, self._tries = FIRST_WAIT, 0
        self._padi()

    def stop(self) -> None:
        """PADT to the concentrator of an open session; discovery stops."""
        self._cancel()
        was, self.state = self.state, "idle"
        if was == "session":
            self.owner.send(self.concentrator, Pppoe(PADT, self.session_id))
            self.owner.down()
        self.session_id = 0

    def again(self) -> None:
        """The session ended: discovery starts again after IOS's wait."""
        self._cancel()
        self.state = "idle"
        self._timer = self.scheduler.call_later(REDIAL, self.start)

    def halt(self) -> None:
        """Quietly, with nothing sent (the router reloads): the timer stops."""
        self._cancel()
        self.state = "idle"

    def receive(self, mac: int, packet: Pppoe) -> None:
        if packet.code != PADT and packet.tag(HOST_UNIQ) != self.host_uniq:
            return  # another host's (section 5: the Host-Uniq names the host)
        if packet.code == PADO and self.state == "selecting":
            self.concentrator, self._cookie = mac, packet.tag(AC_COOKIE)
            self.state, self._wait, self._tries = "requesting", FIRST_WAIT, 0
            self._padr()
        elif packet.code == PADS and self.state == "requesting" and mac == self.concentrator:
            self._cancel()
            if packet.session_id and packet.tag(SERVICE_NAME_ERROR) is None:
                self.state, self.session_id = "session", packet.session_id
                self.owner.up(packet.session_id, mac)
            else:
                self.start()
        elif (
            packet.code == PADT
            and self.state == "session"
            and (packet.session_id, mac)
            == (
                self.session_id,
                self.concentrator,
            )
        ):
            self.state = "idle"  # the owner sees the session gone
            self.owner.down()
            self.again()

    # -- inside ------------------------------------------------------------------------------
    def _tags(self) -> tuple[tuple[int, bytes], ...]:
        return ((SERVICE_NAME, self.service), (HOST_UNIQ, self.host_uniq))

    def _padi(self) -> None:
        self.owner.send(None, Pppoe(PADI, 0, self._tags()))
        self._arm(self._padi)

    def _padr(self) -> None:
        if self._tries >= PADR_TRIES:
            self.start()
            return
        self._tries += 1
        cookie = () if self._cookie is None else ((AC_COOKIE, self._cookie),)
        self.owner.send(self.concentrator, Pppoe(PADR, 0, self._tags() + cookie))
        self._arm(self._padr)

    def _arm(self, again) -> None:
        self._cancel()
        self._timer = self.scheduler.call_later(self._wait, again)
        self._wait = min(self._wait * 2, LONGEST_WAIT)

    def _cancel(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None


class PppoeServer:
    def __init__(self, owner, ac_name: str, secret: bytes):
        self.owner, self.ac_name, self.secret = owner, ac_name, secret
        self.sessions: dict[int, int] = {}  # session id -> the host's MAC address
        self._next = 1  # session ids are given in turn [M: the 16 of a captured client session]

    def receive(self, mac: int, packet: Pppoe) -> None:
        if packet.code == PADI:
            tags = [
                (AC_NAME, self.ac_name.encode("latin-1")),
                (SERVICE_NAME, packet.tag(SERVICE_NAME) or b""),
            ]
            self.owner.send(mac, Pppoe(PADO, 0, (*tags, *self._echo(packet), (AC_COOKIE, self._cookie(mac)))))
        elif packet.code == PADR and packet.tag(AC_COOKIE) == self._cookie(mac):
            session_id = self._new_id()
            self.sessions[session_id] = mac
            tags = ((SERVICE_NAME, packet.tag(SERVICE_NAME) or b""), *self._echo(packet))
            self.owner.send(mac, Pppoe(PADS, session_id, tags))
            self.owner.session_up(session_id, mac)
        elif packet.code == PADT and self.sessions.get(packet.session_id) == mac:
            del self.sessions[packet.session_id]
            self.owner.session_down(packet.session_id)

    def close(self, session_id: int) -> None:
        """PADT to the host of a session this end ends."""
        mac = self.sessions.pop(session_id, None)
        if mac is not None:
            self.owner.send(mac, Pppoe(PADT, session_id))
            self.owner.session_down(session_id)

    def _echo(self, packet: Pppoe) -> tuple[tuple[int, bytes], ...]:
        uniq = packet.tag(HOST_UNIQ)
        return () if uniq is None else ((HOST_UNIQ, uniq),)

    def _cookie(self, mac: int) -> bytes:
        return hashlib.md5(self.secret + mac.to_bytes(6, "big")).digest()

    def _new_id(self) -> int:
        while self._next in self.sessions:
            self._next = self._next % 0xFFFE + 1
        session_id, self._next = self._next, self._next % 0xFFFE + 1
        return session_id
