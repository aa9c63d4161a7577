"""show flash: / dir (the files of the flash file system and its free bytes), show file
systems, show inventory, show license udi: the router's storage and hardware as IOS lists them."""

from __future__ import annotations

from iosemu.config.registry import handler

# show file systems: (type, flags, prefix) of the file systems an ISR lists besides flash
# and NVRAM, in its order.
_OTHER_SYSTEMS = (
    ("opaque", "rw", "archive:"),
    ("opaque", "rw", "system:"),
    ("opaque", "rw", "tmpsys:"),
    ("opaque", "rw", "null:"),
    ("network", "rw", "tftp:"),
    ("opaque", "ro", "xmodem:"),
    ("opaque", "ro", "ymodem:"),
)
_NETWORK_SYSTEMS = (
    ("opaque", "wo", "syslog:"),
    ("network", "rw", "rcp:"),
    ("network", "rw", "http:"),
    ("network", "rw", "ftp:"),
    ("network", "rw", "scp:"),
    ("opaque", "ro", "tar:"),
    ("network", "rw", "https:"),
    ("opaque", "ro", "cns:"),
)


def _flash(device):
    """The router's flash: the platform's files and the ones it wrote (lab/flash.py)."""
    return device.platform.flash.card(device.nvram.path)


@handler("show_flash")
def show_flash(ctx, args):
    flash = _flash(ctx.device)
    rows = [f"{n:<3} {f.size:>10} {f.written} {f.name}" for n, f in enumerate(flash.files, 1)]
    body = "\n".join(["-#- --length-- -----date/time------ path", *rows])
    return f"{body}\n\n{flash.free} bytes available ({flash.used} bytes used)\n"


@handler("exec_dir")
def directory(ctx, args):
    flash = _flash(ctx.device)
    # a one-digit day is right-aligned under the others (`   Mar 1 2002` in a real `dir`)
    rows = [f"{n:>5}  -rw-  {f.size:>10}  {f.written:>27}  {f.name}" for n, f in enumerate(flash.files, 1)]
    return (
        f"Directory of {flash.prefix}:/\n\n"
        + "".join(row + "\n" for row in rows)
        + f"\n{flash.total} bytes total ({flash.free} bytes free)\n"
    )


def _file_system(
    size: int | None, free: int | None, kind: str, flags: str, prefixes: str, mark: str = " "
) -> str:
    sizes = f"{'-' if size is None else size:>13} {'-' if free is None else free:>13}"
    return f"{mark}{sizes} {kind:>9} {flags:>6}   {prefixes}"


@handler("show_file_systems")
def show_file_systems(ctx, args):
    device = ctx.device
    flash, nvram = _flash(device), device.nvram.size
    saved = len((device.startup_config or "").encode())
    prefixes = f"{flash.prefix}: flash:#" if flash.prefix != "flash" else "flash:#"
    rows = [_file_system(None, None, *fs) for fs in _OTHER_SYSTEMS]
    rows.append(_file_system(nvram, nvram - saved, "nvram", "rw", "nvram:"))
    rows.append(_file_system(flash.total, flash.free, "disk", "rw", prefixes, mark="*"))
    rows += [_file_system(None, None, *fs) for fs in _NETWORK_SYSTEMS]
    heading = "File Systems:\n\n       Size(b)       Free(b)      Type  Flags  Prefixes\n"
    return heading + "".join(row + "\n" for row in rows)


@handler("show_inventory")
def show_inventory(ctx, args):
    platform = ctx.device.platform
    return platform.inventory_text.format(serial=platform.serial_number)


@handler("show_license_udi")
def show_license_udi(ctx, args):
    model, serial = ctx.device.platform.model, ctx.device.platform.serial_number
    heading = "Device#   PID                   SN              UDI\n" + "-" * 77
    return f"{heading}\n*0        {model:<22}{serial:<16}{model}:{serial}\n"
