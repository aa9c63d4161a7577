"""Starting a router: factory state, then startup-config typed through the same parser
as the console, line by line, as IOS does at boot."""

from __future__ import annotations

from dataclasses import dataclass, field

from iosemu.collector import collector_waits


@dataclass(frozen=True)
class Rejected:
    """A configuration line the parser refused, with IOS's message."""

    number: int
    line: str
    message: str


@dataclass
class Loaded:
    rejected: list[Rejected] = field(default_factory=list)
    said: str = ""  # what the refused lines printed, in full (setup's script shows it)
    interfaces: set[str] = field(default_factory=set)  # the interfaces the text configured


@collector_waits
def load_config(device, text: str, source: str = "manual", reconcile: bool = True) -> Loaded:
    """Apply configuration text on top of the running-config; report the refused lines.
    The interfaces then take up what the text configured (boot does that itself, later)."""
    from iosemu.cli.session import Session

    session = Session(device, listen=False)
    session.loading = source
    session.set_mode("config", device.config)
    loaded = Loaded(interfaces=session.entered_interfaces)
    for number, raw in enumerate(text.splitlines(), 1):
        if raw[:1] == "!" and session.dialog is None:
            continue  # a comment (what a session answers it, at no cost: nothing)
        output = session.execute(raw)
        if output and not output.isspace():
            lines = [ln.strip() for ln in output.splitlines() if ln.strip() not in ("", "^")]
            loaded.rejected.append(Rejected(number, raw, lines[0] if lines else output.strip()))
            loaded.said += output
        if session.mode == "priv_exec":
            break  # `end`: the rest of the file is not configuration
    session.detach()
    if reconcile:
        device.reconcile()
    return loaded


PRESS_RETURN = "\nPress RETURN to get started!\n\n\n"
SETUP_BANNER = "\n\n         --- System Configuration Dialog ---\n\n"


@collector_waits  # the ports too
def boot(device, reason: str = "power-on", setup: bool = False) -> str:
    """Power on or reload; returns what the console shows up to `Press RETURN`, or, with
    `setup` and no startup-config, up to the System Configuration Dialog (cli/setup.py), with
    the interfaces up meanwhile, as IOS has them while it asks (its autoinstall)."""
    from iosemu.cli.login import end_session, is_vty

    for terminal in list(device.logger.terminals):
        if is_vty(terminal):
            end_session(terminal)  # the reload drops every vty session
    device.factory_reset()
    if device.private_config:
        device.config.ssh.read_private(device.private_config)  # the saved keys
    device.reload_reason = reason
    dialog = setup and device.startup_config is None
    placed = []
    if device.startup_config is not None or dialog:
        for iface in device.config.interfaces.values():
            iface.shutdown = False
    if device.startup_config is not None:
        loaded = load_config(device, device.startup_config, source="NVRAM", reconcile=False)
        device.boot_errors = loaded.rejected
        for name, iface in device.config.interfaces.items():
            if name not in loaded.interfaces:
                iface.shutdown = True
                placed.append(f'SETUP: new interface {name} placed in "shutdown" state\n')
        device.log("%SYS-5-CONFIG_I: Configured from memory by console")
        device.config_changed()  # the shutdowns above
    device.unsaved = False
    device.changed_at = None
    device.reconcile()
    device.log("%SYS-5-RESTART: System restarted --\n" + device.platform.software_banner())
    if dialog:
        return SETUP_BANNER
    body = "".join(placed) + "\n\n" if placed else ""
    return "\n" + body + PRESS_RETURN[1:]
