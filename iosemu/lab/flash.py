"""A platform's flash file system: the CompactFlash card that holds the IOS image `show
version` names, its size, and how much of it the files take (clusters of 4 KiB)."""

from __future__ import annotations

from dataclasses import dataclass

CLUSTER = 4096  # a FAT cluster on the ISR's CompactFlash: the unit a file takes


@dataclass(frozen=True)
class FlashFile:
    name: str
    size: int
    written: str  # `Feb 26 2013 03:42:04 +00:00`


@dataclass(frozen=True)
class Flash:
    prefix: str  # flash0 (the ISR G2), flash
    total: int  # bytes of the file system (the card less its FAT)
    files: tuple[FlashFile, ...]

    @property
    def used(self) -> int:
        return sum(-(-f.size // CLUSTER) * CLUSTER for f in self.files)

    @property
    def free(self) -> int:
        return self.total - self.used
