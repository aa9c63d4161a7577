"""A platform's flash file system: the CompactFlash card that holds the IOS image `show
version` names, its size, and how much of it the files take (clusters of 4 KiB). What a
router writes there (`monitor capture buffer NAME export flash0:F`) is a real file in a
folder beside its NVRAM file (`lab.nvram/R1.flash/F`), dated by the router's clock, so it
outlives a reload and a lab reopened, as flash does, and opens in Wireshark as it is."""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

CLUSTER = 4096  # a FAT cluster on the ISR's CompactFlash: the unit a file takes
_PARTIAL = ".writing"  # a file being written, not yet on the card


@dataclass(frozen=True)
class FlashFile:
    name: str
    size: int
    written: str  # `Feb 26 2013 03:42:04 +00:00`, `Mar 1 2002 00:06:29 +00:00`: the day unpadded


def _clusters(size: int) -> int:
    return -(-size // CLUSTER) * CLUSTER


@dataclass(frozen=True)
class Flash:
    prefix: str  # flash0 (the ISR G2), flash
    total: int  # bytes of the file system (the card less its FAT)
    files: tuple[FlashFile, ...]

    @property
    def used(self) -> int:
        return sum(_clusters(f.size) for f in self.files)

    @property
    def free(self) -> int:
        return self.total - self.used

    def card(self, nvram: Path | None) -> Flash:
        """One router's flash: the platform's files, then those the router wrote, oldest first."""
        folder = _folder(nvram)
        if folder is None or not folder.is_dir():
            return self
        written = []
        for entry in os.scandir(folder):
            if entry.is_file(follow_symlinks=False) and not entry.name.endswith(_PARTIAL):
                stat = entry.stat(follow_symlinks=False)
                written.append((stat.st_mtime, entry.name, stat.st_size))
        rows = tuple(
            FlashFile(name, size, _written(datetime.fromtimestamp(stamp, UTC)))
            for stamp, name, size in sorted(written)
        )
        return replace(self, files=(*self.files, *rows))

    def read(self, nvram: Path | None, name: str) -> bytes | str:
        """The bytes of file `name` a router wrote, or why it cannot be read as IOS words it
        (the image is the platform's, not held byte for byte)."""
        if name in {f.name for f in self.files}:
            return "Permission denied"
        folder = _folder(nvram)
        path = None if folder is None or not _valid(name) else folder / name
        try:
            return path.read_bytes() if path is not None else "No such file or directory"
        except OSError:
            return "No such file or directory"

    def delete(self, nvram: Path | None, name: str) -> str | None:
        """Remove file `name`: None, or why not as IOS words it. The image stays: it is the
        platform's (shared by every router of the model), and a lab router without it would
        not boot again."""
        if name in {f.name for f in self.files}:
            return "Permission denied"
        folder = _folder(nvram)
        if folder is None or not _valid(name) or not (folder / name).is_file():
            return "No such file or directory"
        (folder / name).unlink()
        return None

    def write(self, nvram: Path | None, name: str, data: bytes, moment: datetime) -> str | None:
        """Write file `name` of the router whose NVRAM file is `nvram`, dated `moment` (UTC):
        None, or why it could not be written as IOS words it (the card then as it was)."""
        folder = _folder(nvram)
        if folder is None:
            return "Device not ready"  # a router built without a lab has no card
        if not _valid(name):
            return "No such file or directory"
        if name in {f.name for f in self.files}:
            return "Permission denied"  # the image is not overwritten
        card = self.card(nvram)
        old = next((f.size for f in card.files if f.name == name), None)
        if _clusters(len(data)) > card.free + (_clusters(old) if old is not None else 0):
            return "No space left on device"
        partial = folder / f".{name}{_PARTIAL}"  # renamed once whole: a killed write leaves no file
        try:
            folder.mkdir(parents=True, exist_ok=True)
            partial.write_bytes(data)
            stamp = moment.replace(tzinfo=UTC).timestamp()
            os.utime(partial, (stamp, stamp))
            os.replace(partial, folder / name)
        except OSError as fault:
            partial.unlink(missing_ok=True)
            return fault.strerror or type(fault).__name__
        return None


def _written(moment: datetime) -> str:
    return f"{moment:%b} {moment.day} {moment:%Y %H:%M:%S} +00:00"


def _valid(name: str) -> bool:
    return bool(name) and "/" not in name and name not in (".", "..") and not name.endswith(_PARTIAL)


def _folder(nvram: Path | None) -> Path | None:
    return None if nvram is None else nvram.with_suffix(".flash")
