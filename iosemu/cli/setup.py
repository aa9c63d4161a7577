"""The System Configuration Dialog (setup): what a router reloaded with no startup-config asks
on its console, and `setup` at Router#; its basic management setup, the script it makes and
what the final menu does.

Texts follow two real 15.4(3)M3 CISCO1941 consoles (search ids 45269329050: `erase
startup-config`, reload, basic management setup saved with [2], then `no`; 45348652922: an
up GigabitEthernet0/0 asks `Would you like to terminate autoinstall?`, Ctrl-C at the interface
question aborts). What those do not show is marked [M]: extended setup (`no` to basic
management setup: IOS then offers the interface summary and asks each interface's settings in
turn; here it ends as Ctrl-C does), menu choices [0] and [1], 12.4's texts (taken as 15.4's).
"""

from __future__ import annotations

from dataclasses import replace
from ipaddress import IPv4Address, IPv4Network

from iosemu.cli import messages
from iosemu.cli.boot import PRESS_RETURN, SETUP_BANNER, load_config
from iosemu.cli.exec_commands import running_config_text
from iosemu.cli.ifnames import normalise
from iosemu.cli.session import Dialog
from iosemu.config.passwords import new_secret
from iosemu.config.registry import handler
from iosemu.config.system import HOSTNAME, ILLEGAL_HOSTNAME
from iosemu.protocols.ip.pdu import natural_length
from iosemu.show.interfaces import brief_rows, render_brief
from iosemu.show.ip import classful
from iosemu.sim.nvram import NvramError

FIRST = "Would you like to enter the initial configuration dialog? [yes/no]: "
CONTINUE = "Continue with configuration dialog? [yes/no]: "  # `setup` at Router# (18039219293)
AUTOINSTALL = "Would you like to terminate autoinstall? [yes]: "
INTRODUCTION = (
    "\nAt any point you may enter a question mark '?' for help.\n"
    "Use ctrl-c to abort configuration dialog at any prompt.\n"
    "Default settings are in square brackets '[]'.\n\n"
    "Basic management setup configures only enough connectivity\n"
    "for management of the system, extended setup will ask you\n"
    "to configure each interface on the system\n\n"
)
BASIC = "Would you like to enter basic management setup? [yes/no]: "
SECRET_NOTE = (
    "\n  The enable secret is a password used to protect access to\n"
    "  privileged EXEC and configuration modes. This password, after\n"
    "  entered, becomes encrypted in the configuration.\n"
)
PASSWORD_NOTE = (
    "\n  The enable password is used when you do not specify an\n"
    "  enable secret password, with some older software versions, and\n"
    "  some boot images.\n"
)
VTY_NOTE = (
    "\n  The virtual terminal password is used to protect\n  access to the router over a network interface.\n"
)
NO_DEFAULT = "% No defaulting allowed\n"
DIFFERENT = "% Please choose a password that is different from the enable secret\n"
SUMMARY = (
    "\nCurrent interface summary\n\n\n"
    'Any interface listed with OK? value "NO" does not have a valid configuration\n\n'
)
MANAGEMENT = (
    "\nEnter interface name used to connect to the\nmanagement network from the above interface summary: "
)
BAD_ADDRESS = (
    "% Bad Internet address.\n% Enter an Internet address of the form 'X.X.X.X', where each\n"
    "% letter corresponds to a decimal number between 0 and 255.\n\n"
)
BAD_MASK = (
    "% Bad subnet mask.\n% Enter a subnet mask of the form 'X.X.X.X', where each\n"
    "letter corresponds to a decimal number between 0 and 255.\n\n"
)
MENU = (
    "[0] Go to the IOS command prompt without saving this config.\n"
    "[1] Return back to the setup without saving this config.\n"
    "[2] Save this configuration to nvram and exit.\n\n"
)
SELECTION = "Enter your selection [2]: "
SAVED = "Use the enabled mode 'configure' command to modify this configuration.\n\n"
ABORTED = "\n\nConfiguration aborted, no changes made.\n\n\n"
AT_PROMPT = "% You can enter the setup, by typing setup at IOS command prompt\n"  # [M]


def begin(session) -> None:
    """The console after a reload with no startup-config: the dialog's first question."""
    Setup(session, at_boot=True).ask_first()


@handler("exec_setup")
def setup_command(ctx, args):
    """`setup` at Router#: the same dialog, back at the prompt when it ends [M]."""
    Setup(ctx.session, at_boot=False).ask_first()
    return SETUP_BANNER


class Setup:
    """One run of the dialog on a console: the answers so far, each question a Dialog. At boot
    it ends at `Press RETURN` with the interfaces shut unless a configuration was made; from
    EXEC (`setup`) it ends at the prompt, the configuration as it was."""

    def __init__(self, session, at_boot: bool):
        self.session = session
        self.at_boot = at_boot
        self.device = session.device
        self.hostname = self.secret = self.password = self.vty = self.community = ""
        self.interface: str | None = None
        self.address: IPv4Address | None = None
        self.network: IPv4Network | None = None
        self.asked_different = False

    # -- asking -------------------------------------------------------------------------
    def _ask(self, prompt: str, answer, interrupt=None) -> None:
        self.session.dialog = Dialog(prompt, answer, interrupt=interrupt or self._abort, timed=False)

    def _yes_no(self, prompt: str, yes, no, default=None) -> None:
        self.session.ask_yes_no(prompt, yes, no, default, interrupt=self._abort, timed=False)

    def _abort(self, before: str = "") -> str:
        """Ctrl-C: nothing of the dialog is kept."""
        return before + ABORTED + self._to_prompt()

    def _to_prompt(self) -> str:
        """The dialog is over without a configuration: the console waits for Return (at boot)."""
        self._shut()
        return self._leave()

    def _leave(self) -> str:
        if not self.at_boot:
            self.session.set_mode("priv_exec")
            return ""
        self.session.set_mode("user_exec")
        self.session.closed = True
        return PRESS_RETURN

    def _shut(self) -> None:
        """No configuration came of the boot's dialog: the interfaces go down, as IOS shuts them."""
        if not self.at_boot:
            return
        for iface in self.device.config.interfaces.values():
            iface.shutdown = True
        self.device.config_changed()
        self.device.reconcile()

    # -- the questions ------------------------------------------------------------------
    def ask_first(self) -> None:
        self._yes_no(FIRST if self.at_boot else CONTINUE, self._enter, self._declined)

    def _declined(self) -> str:
        """`no`: an Ethernet interface up is autoinstall's (45348652922 asks, 45269329050 with
        none up does not); either answer ends the dialog, no TFTP server answering it [M]."""
        device = self.device
        if not self.at_boot:
            return self._leave()  # [M]
        if any("Ethernet" in name and device.status(name)[0] == "up" for name in device.config.interfaces):
            self._yes_no(AUTOINSTALL, self._end, self._end, default=True)
            return "\n"
        return self._end()

    def _end(self) -> str:
        return "\n" + self._to_prompt()

    def _enter(self) -> str:
        self._yes_no(BASIC, self._basic, lambda: self._abort())  # extended setup [M]
        return INTRODUCTION

    def _basic(self) -> str:
        self._ask(f"  Enter host name [{self.device.config.system.hostname}]: ", self._hostname)
        return "Configuring global parameters:\n\n"

    def _hostname(self, typed: str) -> str:
        name = typed.strip() or self.device.config.system.hostname
        if not HOSTNAME.fullmatch(name):
            self._basic()
            return ILLEGAL_HOSTNAME  # [M]
        self.hostname = name
        self._ask_required("  Enter enable secret: ", self._secret)
        return SECRET_NOTE

    def _ask_required(self, prompt: str, take) -> None:
        """A question with no default (the passwords): Return is refused and asked again."""

        def answer(typed: str) -> str:
            if not typed.strip():
                self._ask(prompt, answer)
                return NO_DEFAULT  # [M] for the enable and vty passwords
            return take(typed.strip())

        self._ask(prompt, answer)

    def _secret(self, text: str) -> str:
        self.secret = text
        self._ask_required("  Enter enable password: ", self._password)
        return PASSWORD_NOTE

    def _password(self, text: str) -> str:
        if text == self.secret and not self.asked_different:
            self.asked_different = True  # asked once: the same again is taken (IOS warns later)
            self._ask_required("  Enter enable password: ", self._password)
            return DIFFERENT
        self.password = text
        self._ask_required("  Enter virtual terminal password: ", self._vty)
        return VTY_NOTE

    def _vty(self, text: str) -> str:
        self.vty = text
        self._yes_no("  Configure SNMP Network Management? [yes]: ", self._snmp, self._summary, default=True)
        return ""

    def _snmp(self) -> str:
        def community(typed: str) -> str:
            self.community = typed.strip() or "public"
            return self._summary()

        self._ask("    Community string [public]: ", community)
        return ""

    def _summary(self) -> str:
        rows = [
            replace(row, ok="NO" if row.address == "unassigned" else "YES") for row in brief_rows(self.device)
        ]
        self._ask_management()
        return SUMMARY + render_brief(rows)

    def _ask_management(self) -> None:
        self._ask(MANAGEMENT, self._management, lambda: self._abort("Invalid interface\n"))

    def _management(self, typed: str) -> str:
        self._ask_management()
        if not typed.strip():
            return NO_DEFAULT
        name = normalise(typed.strip(), list(self.device.config.interfaces))
        if name is None:
            return "Invalid interface\n"  # [M]
        self.interface = name
        self._yes_no(
            "  Configure IP on this interface? [yes]: ", self._ask_address, self._script, default=True
        )
        return f"\nConfiguring interface {name}:\n"

    def _ask_address(self) -> str:
        self._ask("    IP address for this interface: ", self._address)
        return ""

    def _address(self, typed: str) -> str:
        if not typed.strip():
            return self._ask_address()
        try:
            address = IPv4Address(typed.strip())
        except ValueError:
            address = None
        if address is None or not 0 < address.packed[0] < 224 or address.packed[0] == 127:
            self._ask_address()
            return BAD_ADDRESS
        self.address = address
        natural = _natural_mask(address)
        prompt = f"    Subnet mask for this interface [{natural}] : "

        def mask(typed: str) -> str:
            text = typed.strip() or str(natural)
            try:
                network = IPv4Network(f"{address}/{text}", strict=False)
            except ValueError:
                network = None
            if network is None or not 8 <= network.prefixlen <= 30:
                self._ask_address()
                return BAD_MASK
            self.network = network
            return self._classful(network) + self._script()

        self._ask(prompt, mask)
        return ""

    def _classful(self, network: IPv4Network) -> str:
        first = network.network_address.packed[0]
        kind = "A" if first < 128 else "B" if first < 192 else "C"
        bits = network.prefixlen  # the sample's /24 of a class C reads `24 subnet bits`
        return (
            f"    Class {kind} network is {classful(network).network_address}, {bits} subnet bits; "
            f"mask is /{network.prefixlen}\n"
        )

    # -- the script and the menu --------------------------------------------------------
    def script(self) -> str:
        secret = new_secret(5, self.secret, self.device.rng)
        lines = [
            f"hostname {self.hostname}",
            f"enable secret {secret.line()}",
            f"enable password {self.password}",
            "line vty 0 4",
            f"password {self.vty}",
        ]
        if self.community:
            lines.append(f"snmp-server community {self.community}")
        lines += ["!"]
        for iface in self.device.creation_order():
            lines += ["!", f"interface {iface.name}"]
            if iface.name != self.interface:
                lines += ["shutdown", "no ip address"]
                continue
            lines.append("no shutdown")
            if self.network is None:
                lines.append("no ip address")  # [M]
            else:
                lines.append(f"ip address {self.address} {self.network.netmask}")
            if "Ethernet" in iface.name:
                lines.append("no mop enabled")
        lines += ["!", "end"]
        return "".join(line + "\n" for line in lines)

    def _script(self) -> str:
        text = self.script()
        self._ask(SELECTION, lambda typed: self._choose(typed, text))
        return "\nThe following configuration command script was created:\n\n" + text + "\n\n" + MENU

    def _choose(self, typed: str, text: str) -> str:
        choice = typed.strip() or "2"
        if choice == "0":
            self._shut()
            self.session.set_mode("priv_exec")  # [M]
            return AT_PROMPT
        if choice == "1":
            self.ask_first()  # [M]
            return SETUP_BANNER
        if choice != "2":
            self._ask(SELECTION, lambda again: self._choose(again, text))
            return ""  # [M]
        loaded = load_config(self.device, text, source="setup")
        self.device.log("%SYS-5-CONFIG_I: Configured from console by console")
        output = loaded.said + messages.BUILDING
        try:
            self.device.save_startup(running_config_text(self.device))
        except NvramError as error:
            output += messages.startup_open_failed(str(error))
        return output + SAVED + self._leave()


def _natural_mask(address: IPv4Address) -> IPv4Address:
    return IPv4Network(f"0.0.0.0/{natural_length(address)}").netmask
