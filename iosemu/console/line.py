"""IOS's own line editing, for a client that is a program (netmiko over telnet) or comes over
SSH: the router echoes each key, Backspace erases, `?` lists, Tab completes, Ctrl-Z ends
configuration, the arrows and Ctrl-P/Ctrl-N recall the history, --More-- pages; no cursor
addressing, as a real router's VTY line.  The transport feeds the keys and writes the text.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import TYPE_CHECKING

from iosemu.cli.host_shell import is_pc
from iosemu.cli.modes import is_config
from iosemu.cli.session import echoes
from iosemu.console.main import LINE_LIMIT
from iosemu.console.shell import guarded, page, press, screen_length

if TYPE_CHECKING:
    from iosemu.cli.session import Session
    from iosemu.console.serve import Server

ERASE = "\b \b"
PREVIOUS, NEXT = "\x10", "\x0e"  # Ctrl-P, Ctrl-N
ARROWS = {"A": PREVIOUS, "B": NEXT}  # ESC [ A, ESC [ B
KEYS = {"\x1a": "end", "\x03": "abort"}  # Ctrl-Z (in configuration), Ctrl-C


class LineTerminal:
    """One client's terminal on a session: `feed` the keys it types, `run` until it leaves."""

    def __init__(self, session: Session, write: Callable[[str], None], server: Server, vty: bool = False):
        self.session = session
        self._write = write
        self.server = server  # runs the commands, hands out the syslog lines after each
        self.lock = server.lock  # the lab's: held while the session is read here
        self.typed = server.typed(session)  # the abort key, while a command runs
        self.closed = False  # the client went: a command it left running stops
        self.vty = vty  # a vty line's session that logs out (exit, exec-timeout) ends the connection
        self.keys: asyncio.Queue[str | None] = asyncio.Queue()
        self.text = ""
        self.pending: list[str] = []
        self.busy = False  # a command's output is being shown: syslog lines wait
        self._recalled = 0  # how far back in the history Ctrl-P has gone

    def write(self, text: str) -> None:
        if text:
            self._write(text)

    # -- the transport's side --------------------------------------------------------------
    def feed(self, data: str) -> None:
        for key in self.typed(data):
            self.keys.put_nowait(key)

    def close(self) -> None:
        self.closed = True
        self.keys.put_nowait(None)

    def notify(self, lines: list[str]) -> None:
        """Syslog lines for this terminal: shown at once, and the line being typed again
        below them (`logging synchronous`), or after the output being shown."""
        self.pending.extend(lines)
        if not self.busy:
            self._show_pending()
            if self._logged_out():
                self.close()

    def _logged_out(self) -> bool:
        return self.vty and self.session.closed

    def _show_pending(self) -> None:
        lines, self.pending = self.pending, []
        if lines:
            self.write("\n" + "".join(line + "\n" for line in lines) + self._prompt_line())

    def _prompt_line(self) -> str:
        with self.lock:
            return self.session.prompt() + (self.text if self._echo() else "")

    # -- keys ----------------------------------------------------------------------------
    async def read_key(self) -> str:
        key = await self.keys.get()
        if key is None:
            self.keys.put_nowait(None)  # every later read ends too
            raise EOFError
        return key

    async def run(self) -> None:
        """Keys until the client goes, or a vty session logs out."""
        self.write(self._prompt_line())
        after_return = False
        try:
            while True:
                key = await self.read_key()
                if after_return and key in ("\n", "\0"):  # CR LF and CR NUL are one Return
                    after_return = False
                    continue
                after_return = key == "\r"
                await self.key(key)
        except EOFError:
            pass

    async def key(self, key: str) -> None:
        session = self.session
        editing = session.dialog is None and not session.closed and not is_pc(session)
        if key in ("\r", "\n"):
            await self.enter()
        elif key in ("\x7f", "\b"):
            if self.text:
                self.text = self.text[:-1]
                self.write(ERASE if self._echo() else "")
        elif key == "?" and editing:
            self.write("?\n")
            await self.command(lambda: press(session, "help", self.text, self.execute, self.show, self.lock))
        elif key == "\t" and editing:
            with self.lock:
                completed = guarded(session.complete, self.text)
            if completed is not None:
                self._replace(completed)
        elif key == "\x03" or (key == "\x1a" and editing and is_config(session.mode)):
            self.write("^Z\n" if key == "\x1a" else "^C\n")
            text, self.text = self.text, ""
            await self.command(lambda: press(session, KEYS[key], text, self.execute, self.show, self.lock))
        elif key == "\x1b":
            await self._escape()
        elif key in (PREVIOUS, NEXT) and editing:
            self._recall(key)
        elif (key.isprintable() or not key.isascii()) and len(self.text) < LINE_LIMIT:
            self.text += key
            self.write(key if self._echo() else "")

    async def enter(self) -> None:
        self.write("\n")
        text, self.text, self._recalled = self.text, "", 0
        await self.command(lambda: self.execute(text))

    async def command(self, run) -> None:
        """Run what a key does (its output shown, paged), then the prompt and the line kept."""
        self.busy = True
        try:
            kept = await run()
            self.server.deliver()
        finally:
            self.busy = False
        if isinstance(kept, str):
            self.text = kept
        if self._logged_out():
            self._show_pending()
            raise EOFError
        self.write(self._prompt_line())
        self._show_pending()

    async def execute(self, line: str) -> None:
        output = await self.server.execute(self.session, line, self.write, lambda: not self.closed)
        await self.show(output)

    async def show(self, text: str) -> None:
        await page(text, screen_length(self.session), self.write, self.read_key)

    # -- editing -------------------------------------------------------------------------
    def _echo(self) -> bool:
        return echoes(self.session)

    def _replace(self, text: str) -> None:
        """The line becomes `text`: erase back to where they differ, type the rest."""
        same = 0
        while same < min(len(text), len(self.text)) and text[same] == self.text[same]:
            same += 1
        self.write(ERASE * (len(self.text) - same) + text[same:])
        self.text = text

    def _recall(self, key: str) -> None:
        with self.lock:
            history = list(self.session.current_history())
        step = 1 if key == PREVIOUS else -1
        at = self._recalled + step
        if 0 <= at <= len(history):
            self._recalled = at
            self._replace(history[-at] if at else "")

    async def _escape(self) -> None:
        """An escape sequence (the arrows): ESC [ then parameters up to a final letter."""
        if await self.read_key() != "[":
            return
        key = await self.read_key()
        while not ("@" <= key <= "~"):
            key = await self.read_key()
        if key in ARROWS:
            await self.key(ARROWS[key])
