"""copy between the configurations and a flash file, more and delete of a flash file: their
dialogs, the bytes-copied lines and IOS's errors (the card and its files: lab/flash.py)."""

from __future__ import annotations

import functools

from iosemu.cli import messages
from iosemu.cli.boot import load_config
from iosemu.cli.exec_commands import CONFIRMS, copied, running_config_text
from iosemu.cli.session import Dialog
from iosemu.config.registry import handler
from iosemu.sim.nvram import NvramError

# a copy onto a file that is there: a C9300's and a C1000's consoles (find_string "Do you
# want to over write? [confirm]")
EXISTING = "%Warning:There is a file already existing with this name \n"
OVERWRITE = "Do you want to over write? [confirm]"
NO_STARTUP = "%Error opening nvram:/startup-config (No such file or directory)\n"


def _location(device, typed: str) -> tuple[str, str] | None:
    """(file system as typed, file name) of `flash:NAME`, `flash0:/NAME` or a bare NAME (the
    current directory, flash:), or None for a file system that is not the router's flash."""
    prefix, colon, name = typed.rpartition(":") if ":" in typed else ("flash", ":", typed)
    if prefix.lower() not in ("flash", device.platform.flash.prefix):
        return None
    return prefix, name.lstrip("/")


def _opening(typed: str, name: str, fault: str) -> str:
    """IOS's error on a file it cannot read: named as typed, a bare name as flash:/NAME."""
    return f"%Error opening {typed if ':' in typed else 'flash:/' + name} ({fault})\n"


def _on_flash(command):
    """A handler of a command that names a flash file, given its (file system, name); another
    file system is IOS's error."""

    @functools.wraps(command)
    def run(ctx, args):
        where = _location(ctx.device, args.flash_file)
        if where is None:
            return f"%Error opening {args.flash_file} (Invalid argument)\n"
        return command(ctx, args, *where)

    return run


def _read(device, typed: str, name: str) -> bytes | str:
    """The file's bytes, or IOS's error opening it."""
    data = device.platform.flash.read(device.nvram.path, name)
    return _opening(typed, name, data) if isinstance(data, str) else data


@handler("exec_copy_to_flash")
@_on_flash
def copy_to_flash(ctx, args, prefix: str, name: str):
    device = ctx.device
    source = "running-config" if args.running_config else "startup-config"
    if args.startup_config and device.startup_config is None:
        return NO_STARTUP
    default = name or source

    def write(target: str) -> str:
        text = running_config_text(device) if args.running_config else device.startup_config
        data = text.encode()
        fault = device.platform.flash.write(device.nvram.path, target, data, device.clock.utc())
        if fault:
            return f"%Error opening {prefix}:/{target} ({fault})\n"
        return copied(len(data)) + "\n"

    def answer(reply: str) -> str:
        target = reply.strip().lstrip("/") or default
        flash = device.platform.flash
        written = {f.name for f in flash.card(device.nvram.path).files} - {f.name for f in flash.files}
        if target not in written:
            return write(target)

        def confirm(yes: str) -> str:
            return write(target) if yes.strip().lower() in CONFIRMS else ""

        ctx.session.dialog = Dialog(OVERWRITE, confirm)
        return EXISTING

    ctx.session.dialog = Dialog(f"Destination filename [{default}]? ", answer)
    return ""


@handler("exec_copy_from_flash")
@_on_flash
def copy_from_flash(ctx, args, prefix: str, name: str):
    device = ctx.device
    default = "running-config" if args.running_config else "startup-config"

    def answer(reply: str) -> str:
        target = reply.strip() or default
        if target != default:
            return f"%Error opening nvram:/{target} (Permission denied)\n"
        data = _read(device, args.flash_file, name)
        if isinstance(data, str):
            return data
        text = data.decode("latin-1")
        if args.running_config:  # merged: its lines typed through the parser, as IOS does
            load_config(device, text)
            return "\n" + copied(len(data))
        try:
            device.save_startup(text)
        except NvramError as error:
            return messages.startup_open_failed(str(error))
        return messages.OK + copied(len(data)) + "\n"

    ctx.session.dialog = Dialog(f"Destination filename [{default}]? ", answer)
    return ""


@handler("exec_more")
@_on_flash
def more(ctx, args, prefix: str, name: str):
    data = _read(ctx.device, args.flash_file, name)
    if isinstance(data, str):
        return data
    text = data.decode("latin-1")
    return text if text.endswith("\n") or not text else text + "\n"


@handler("exec_delete")
@_on_flash
def delete(ctx, args, prefix: str, name: str):
    device = ctx.device

    def confirm(reply: str, target: str) -> str:
        if reply.strip().lower() not in CONFIRMS:
            return ""
        fault = device.platform.flash.delete(device.nvram.path, target)
        return f"%Error deleting {prefix}:/{target} ({fault})\n" if fault else ""

    def answer(reply: str) -> str:
        target = reply.strip().lstrip("/") or name
        ctx.session.dialog = Dialog(f"Delete {prefix}:/{target}? [confirm]", lambda r: confirm(r, target))
        return ""

    ctx.session.dialog = Dialog(f"Delete filename [{name}]? ", answer)
    return ""
