"""Reading the files a lab names (lab YAML, startup-configs, NVRAM): regular files only,
never more than a size bound, and every fault said in words a user can act on. A script is
typed as it comes, so it may be a pipe too (`open_stream`; its reader bounds each line).

A FIFO would hang a plain `read_text()`, `/dev/zero` would fill the memory, a symlink loop
raises RuntimeError from `Path.resolve()`: here each is one `FileFault` with its reason.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path
from typing import BinaryIO

_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a FIFO"),
    (stat.S_ISCHR, "a device"),
    (stat.S_ISBLK, "a device"),
    (stat.S_ISSOCK, "a socket"),
)


class FileFault(Exception):
    """Why a file cannot be read: the text is the reason alone (`not a regular file (a FIFO)`)."""


class TooLarge(FileFault):
    """A regular file over the bound; `size` is how large it is."""

    def __init__(self, size: int, limit: int):
        super().__init__(f"larger than {limit:,} bytes")
        self.size = size


def _open(path: Path | str, flags: int) -> int:
    try:
        return os.open(path, flags)
    except ValueError:
        raise FileFault("the file name has a NUL character") from None
    except OSError as error:
        if error.errno == errno.ENOENT:
            raise FileFault("no such file") from None
        if error.errno == errno.ELOOP:
            raise FileFault("a loop of symbolic links") from None
        raise FileFault(error.strerror or str(error)) from None


def read_bytes(path: Path | str, limit: int) -> bytes:
    """The bytes of a regular file of at most `limit` bytes."""
    fd = _open(path, os.O_RDONLY | os.O_NONBLOCK)  # a FIFO opens without waiting for a writer
    try:
        status = os.fstat(fd)
        if not stat.S_ISREG(status.st_mode):
            kind = next((name for test, name in _KINDS if test(status.st_mode)), "not a file")
            raise FileFault(f"not a regular file ({kind})")
        if status.st_size > limit:
            raise TooLarge(status.st_size, limit)
        chunks, size = [], 0
        while size <= limit:  # the size on disk may change while reading: count what comes
            chunk = os.read(fd, min(1 << 20, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        if size > limit:  # it grew while being read
            raise TooLarge(size, limit)
        return b"".join(chunks)
    except OSError as error:
        raise FileFault(error.strerror or str(error)) from None
    finally:
        os.close(fd)


def read_text(path: Path | str, limit: int) -> str:
    """The UTF-8 text of a regular file of at most `limit` bytes."""
    data = read_bytes(path, limit)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise FileFault(f"not UTF-8 text (byte 0x{data[error.start]:02X} on line {line})") from None


def open_stream(path: Path | str) -> BinaryIO:
    """A file to read as it comes, as a script is typed: a regular file, a pipe or FIFO (what
    `<(...)` gives), a device; not a folder. A FIFO opens when its writer does."""
    fd = _open(path, os.O_RDONLY)
    if stat.S_ISDIR(os.fstat(fd).st_mode):
        os.close(fd)
        raise FileFault("a folder")
    return os.fdopen(fd, "rb")
