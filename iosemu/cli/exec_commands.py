"""EXEC commands that act on the session and on NVRAM: enable/disable, configure, exit,
terminal, copy, write, erase, and the exits of the configuration modes (reload: reload.py)."""

from __future__ import annotations

from collections.abc import Callable

from iosemu.cli import messages
from iosemu.cli.boot import load_config
from iosemu.cli.login import ask_password, end_session
from iosemu.cli.session import Dialog
from iosemu.config.device import building
from iosemu.config.registry import handler
from iosemu.sim.nvram import BAD_CHECKSUM, NvramError

CONFIRMS = ("", "y", "ye", "yes", "c", "co", "con", "conf", "confi", "confir", "confirm")


def running_config_text(device) -> str:
    return "\n".join(device.running_config_lines()) + "\n"


def _saved_text(device) -> str:
    """running-config as a save writes it: saying it was saved now."""
    previous, device.saved_at = device.saved_at, device.scheduler.now
    try:
        return running_config_text(device)
    finally:
        device.saved_at = previous  # the save itself sets it, if it succeeds


def save(ctx, then: Callable[[], str] = lambda: "") -> str:
    """`write memory`: running-config to NVRAM, or IOS's reason why not with the startup-config
    and the unsaved changes left as they were. `then` follows either way (the reload's confirm)."""
    device = ctx.device
    text = _saved_text(device)
    line = device.nvram.overflow(text)
    if line is not None:

        def tried() -> str:  # IOS tries, and stops at the first line NVRAM cannot hold
            return messages.nvram_save_aborted(line) + then()

        ctx.session.ask_yes_no(messages.NVRAM_FULL_CONTINUE, tried, then, default=False)
        return messages.BUILDING + messages.NVRAM_FULL_WARNING
    try:
        device.save_startup(text)
    except NvramError as error:
        return messages.startup_open_failed(str(error)) + then()
    return messages.BUILDING + messages.OK + then()


# -- privilege -----------------------------------------------------------------------------
@handler("exec_enable")
def enable(ctx, args):
    system = ctx.device.config.system
    secret = system.enable_secret or system.enable_password
    if secret is None and not ctx.session.is_console and ctx.session.mode != "priv_exec":
        return messages.NO_PASSWORD_SET  # a vty line needs an enable password to be given one
    if secret is None or ctx.session.mode == "priv_exec":
        ctx.session.set_mode("priv_exec")
        return ""

    def granted() -> str:
        ctx.session.set_mode("priv_exec")
        return ""

    def refused() -> str:
        return (messages.BAD_SECRETS if system.enable_secret else messages.BAD_PASSWORDS) + "\n"

    ask_password(ctx.session, secret, granted, refused)
    return ""


@handler("exec_disable")
def disable(ctx, args):
    ctx.session.set_mode("user_exec")


@handler("exec_exit", "exec_logout")
def logout(ctx, args):
    return end_session(ctx.session)


@handler("exec_terminal")
def terminal(ctx, args):
    session = ctx.session
    if args.no:
        if args.length:
            session.length = 24
        else:
            session.width = 80
    elif args.length:
        session.length = args.term_length
    else:
        session.width = args.term_width


# -- configuration mode --------------------------------------------------------------------
def _enter_config(ctx) -> str:
    ctx.session.set_mode("config", ctx.device.config)
    return messages.ENTER_CONFIG


@handler("exec_configure")
def configure(ctx, args):
    if args.terminal:
        return _enter_config(ctx)
    if args.memory:
        return _from_memory(ctx)

    def answer(typed: str) -> str:
        choice = typed.strip().lower() or "terminal"
        if "terminal".startswith(choice):
            return _enter_config(ctx)
        if "memory".startswith(choice):
            return _from_memory(ctx)
        return '?Must be "terminal", "memory" or "network"\n'

    ctx.session.dialog = Dialog("Configuring from terminal, memory, or network [terminal]? ", answer)
    return ""


def _from_memory(ctx) -> str:
    text = ctx.device.startup_config
    if text is None:
        return BAD_CHECKSUM
    load_config(ctx.device, text)
    ctx.device.log("%SYS-5-CONFIG_I: Configured from memory by console")
    return ""


@handler(
    "cfg_exit",
    "if_exit",
    "line_exit",
    "if_fr_dlci_exit",
    "dhcp_exit",
    "vpdn_exit",
    "vpdn_sub_exit",
    "l2c_exit",
    "pwc_exit",
    "if_pseudowire_exit",
    "xc_exit",
    "bba_exit",
    "nacl_exit",
)
def config_exit(ctx, args):
    session = ctx.session
    if session.mode == "config":
        session.leave_config()
    else:
        session.exit_mode()


@handler("cfg_end")
def config_end(ctx, args):
    ctx.session.leave_config()


# -- NVRAM ---------------------------------------------------------------------------------
def copied(size: int) -> str:
    """The line a copy ends with: its bytes, and how long the card took (some tens of ms)."""
    ms = 10 + size % 89
    return f"{size} bytes copied in 0.{ms:03d} secs ({size * 1000 // ms} bytes/sec)\n"


@handler("exec_copy")
def copy(ctx, args):
    device = ctx.device
    to_startup = ctx.line.split()[1] == "running-config"
    default = "startup-config" if to_startup else "running-config"

    def answer(typed: str) -> str:
        name = typed.strip() or default
        if name != default:
            return f"%Error opening nvram:/{name} (Permission denied)\n"
        if to_startup:
            return save(ctx)
        if device.startup_config is None:
            return "%Error opening nvram:/startup-config (No such file or directory)\n"
        load_config(device, device.startup_config)
        return "\n" + copied(len(device.startup_config))

    ctx.session.dialog = Dialog(f"Destination filename [{default}]? ", answer)
    return ""


@handler("exec_write")
def write(ctx, args):
    if args.erase:
        return _erase(ctx)
    if args.terminal:
        return building(ctx.device.running_config_lines())
    return save(ctx)


@handler("exec_erase")
def erase(ctx, args):
    return _erase(ctx)


def _erase(ctx) -> str:
    def answer(typed: str) -> str:
        if typed.strip().lower() not in CONFIRMS:
            return ""
        try:
            ctx.device.erase_startup()
        except NvramError as error:
            return messages.nvram_erase_failed(str(error))
        ctx.device.log("%SYS-7-NV_BLOCK_INIT: Initialized the geometry of nvram")
        return "[OK]\nErase of nvram: complete\n"

    prompt = "Erasing the nvram filesystem will remove all configuration files! Continue? [confirm]"
    ctx.session.dialog = Dialog(prompt, answer)
    return ""


@handler("exec_help")
def help_command(ctx, args):
    return HELP_TEXT


HELP_TEXT = """\
Help may be requested at any point in a command by entering
a question mark '?'.  If nothing matches, the help list will
be empty and you must backup until entering a '?' shows the
available options.
Two styles of help are provided:
1. Full help is available when you are ready to enter a
   command argument (e.g. 'show ?') and describes each possible
   argument.
2. Partial help is provided when an abbreviated argument is entered
   and you want to know what arguments match the input
   (e.g. 'show pr?'.)

"""


@handler("exec_clear")
def clear(ctx, args):
    device = ctx.device
    if args.arp_cache:
        device.ip.clear_arp()
        return ""
    scope = "this interface" if args.ifname else "all interfaces"
    target = f"interface {args.ifname}" if args.ifname else "all interfaces"

    def answer(typed: str) -> str:
        if typed.strip().lower() not in CONFIRMS:
            return ""
        names = [args.ifname] if args.ifname else list(device.ports)
        for name in names:
            device.clear_counters(name)
        device.log(f"%CLEAR-5-COUNTERS: Clear counter on {target} by console")
        return ""

    ctx.session.dialog = Dialog(f'Clear "show interface" counters on {scope} [confirm]', answer)
    return ""
