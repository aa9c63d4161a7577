"""show running-config [interface X], show startup-config, write terminal."""

from __future__ import annotations

from iosemu.config.device import building
from iosemu.config.registry import handler
from iosemu.sim.nvram import BAD_CHECKSUM


@handler("show_running_config")
def show_running_config(ctx, args):
    device = ctx.device
    if args.ifname is None:
        return building(device.running_config_lines()) + "\n"
    iface = device.config.interfaces.get(args.ifname)
    if iface is None:
        return ctx.session.invalid_at_end()
    return building(["!", *iface.lines(), "end"]) + "\n"


@handler("show_startup_config")
def show_startup_config(ctx, args):
    text = ctx.device.startup_config
    if text is None:  # nothing saved, or a file that cannot be NVRAM (Router.nvram.fault)
        return BAD_CHECKSUM if ctx.device.nvram.fault else "startup-config is not present\n"
    size = len(text.encode())
    return f"Using {size} out of {ctx.device.platform.nvram_bytes} bytes\n{text}"
