"""A router's NVRAM: the file beside the lab (`lab.nvram/R1.cfg`) that holds its startup-config.

Opening it reads the file within the platform's NVRAM size (the lab first removes the
temporary files of saves killed mid-way from its folder). A save replaces the file whole
or raises `NvramError` with the reason, leaving the old file as it was; so does an erase,
which leaves an empty file (an erased NVRAM: the lab's own startup-config is not booted again).
"""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

from iosemu.files import FileFault, read_bytes

# What IOS says of an NVRAM it cannot read a startup-config from (`show startup-config`,
# `configure memory`).
BAD_CHECKSUM = "%% Non-volatile configuration memory has not been set up or has bad checksum\n"
_SAVING = ".saving-"  # a save's temporary file: `.R1.cfg.saving-XXXXXXXX`


class NvramError(Exception):
    """Why NVRAM could not be written: the reason alone, as IOS words an errno
    (`Permission denied`, `No space left on device`)."""


class Nvram:
    """One router's NVRAM: its startup-config file, and the platform's NVRAM size."""

    def __init__(self, path: Path | None, size: int):
        self.path = path  # None: a router built without a lab keeps its NVRAM in memory only
        self.size = size  # bytes, as `show startup-config` counts them
        self.present = False  # a file stands where the startup-config is kept (see open)
        self.fault: str | None = None  # why that file cannot be a startup-config

    def open(self) -> str | None:
        """The saved startup-config, or None if there is none, it was erased (an empty file) or
        it cannot be one (`fault` says why: a folder, a FIFO, more than NVRAM holds); non-UTF-8
        bytes are kept as U+FFFD."""
        if self.path is None:
            return None
        self.present, self.fault = os.path.lexists(self.path), None
        if not self.present:
            return None
        try:
            data = read_bytes(self.path, self.size)
        except FileFault as fault:
            self.fault = str(fault)
            return None
        return data.decode(errors="replace") if data else None  # empty: erased

    def overflow(self, text: str) -> str | None:
        """The first line of `text` that does not fit in NVRAM, or None if all of it fits."""
        used = 0
        for line in text.splitlines(keepends=True):
            used += len(_encode(line))
            if used > self.size:
                return line.strip()
        return None

    def save(self, text: str) -> str:
        """Replace the startup-config with `text`: the whole text or, on NvramError, nothing.
        Returns the text as NVRAM now holds it (what a reload reads back)."""
        data = _encode(text)
        if self.path is None:
            return data.decode(errors="replace")
        folder = self.path.parent
        try:
            if not folder.exists():  # made at the lab's first save
                folder.mkdir(parents=True)
            fd, temp = tempfile.mkstemp(dir=folder, prefix=f".{self.path.name}{_SAVING}")
        except OSError as error:
            raise NvramError(_reason(error)) from None
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(data)
                out.flush()
                os.fsync(out.fileno())
            os.replace(temp, self.path)
        except BaseException as error:
            Path(temp).unlink(missing_ok=True)
            if isinstance(error, OSError):
                raise NvramError(_reason(error)) from None
            raise
        self.present, self.fault = True, None
        return data.decode(errors="replace")

    def erase(self) -> None:
        """Erase the startup-config: the file stays, empty, so that an erased NVRAM outlives the
        lab as a router's does (the lab boots its own startup-config only where no file is);
        NvramError as for a save."""
        self.save("")


_TEMPORARY = re.compile(rf"\..+\.cfg{_SAVING}[a-z0-9_]{{8}}")  # and what tempfile adds


def remove_temporaries(folder: Path) -> None:
    """Saves killed between creating their temporary file and renaming it leave
    `.R1.cfg.saving-XXXXXXXX` (tempfile's eight characters) behind: nothing else can read them.
    A lab clears its NVRAM folder of them once, as it opens."""
    try:
        names = os.listdir(folder)
    except OSError:  # no NVRAM folder yet (or not a folder): nothing was left in it
        return
    for name in names:
        if _TEMPORARY.fullmatch(name):
            try:
                (folder / name).unlink()
            except OSError:  # a folder of that name, or one we may not remove: leave it
                pass


def _encode(text: str) -> bytes:
    """UTF-8, with any lone surrogate typed at the console written as its three bytes (read
    back as U+FFFD) rather than refused."""
    return text.encode(errors="surrogatepass")


def _reason(error: OSError) -> str:
    return error.strerror or str(error)
