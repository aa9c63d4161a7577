"""The IOS command modes: one table of name, prompt suffix, parent and `?` heading."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache


@dataclass(frozen=True)
class Mode:
    name: str  # also the grammar start rule
    prompt: str  # what follows the hostname
    parent: str | None  # where `exit` goes, and where a line that fails here is retried
    heading: str  # the first line of `?` at the start of a line
    family: str = ""  # the name help texts use for this mode (interface kinds share one)

    @property
    def help_context(self) -> str:
        return self.family or self.name


_IF_HEADING = "Interface configuration commands:"

MODES = {
    m.name: m
    for m in (
        Mode("user_exec", ">", None, "Exec commands:"),
        Mode("priv_exec", "#", None, "Exec commands:"),
        Mode("config", "(config)#", "priv_exec", "Configure commands:"),
        Mode("config_if", "(config-if)#", "config", "Interface configuration commands:"),
        Mode("config_if_serial", "(config-if)#", "config", "Interface configuration commands:", "config_if"),
        Mode(
            "config_if_ethernet", "(config-if)#", "config", "Interface configuration commands:", "config_if"
        ),
        Mode(
            "config_if_multilink", "(config-if)#", "config", "Interface configuration commands:", "config_if"
        ),
        Mode("config_if_virtual_template", "(config-if)#", "config", _IF_HEADING, "config_if"),
        Mode("config_if_dialer", "(config-if)#", "config", _IF_HEADING, "config_if"),
        Mode("config_if_virtual_ppp", "(config-if)#", "config", _IF_HEADING, "config_if"),
        Mode(
            "config_if_pseudowire",
            "(config-if-xconn)#",
            "config_if_virtual_ppp",
            "Xconnect configuration commands:",
        ),
        Mode("config_bba", "(config-bba-group)#", "config", "BBA group configuration mode:"),
        Mode("config_subif", "(config-subif)#", "config", "Interface configuration commands:"),
        Mode("config_if_range", "(config-if-range)#", "config", _IF_HEADING, "config_if"),
        Mode(
            "config_fr_dlci", "(config-fr-dlci)#", "config_subif", "Frame Relay dlci configuration commands:"
        ),
        Mode(
            "config_fr_dlci_serial",
            "(config-fr-dlci)#",
            "config_if_serial",
            "Frame Relay dlci configuration commands:",
            "config_fr_dlci",
        ),
        Mode("config_dhcp", "(dhcp-config)#", "config", "DHCP pool configuration commands:"),
        Mode("config_line", "(config-line)#", "config", "Line configuration commands:"),
        Mode(
            "config_std_nacl", "(config-std-nacl)#", "config", "Standard Access List configuration commands:"
        ),
        Mode("config_ext_nacl", "(config-ext-nacl)#", "config", "Ext Access List configuration commands:"),
        Mode("config_vpdn", "(config-vpdn)#", "config", "VPDN group configuration commands:"),
        Mode(
            "config_vpdn_req_in",
            "(config-vpdn-req-in)#",
            "config_vpdn",
            "VPDN request-dialin configuration commands:",
        ),
        Mode(
            "config_vpdn_acc_in",
            "(config-vpdn-acc-in)#",
            "config_vpdn",
            "VPDN accept-dialin configuration commands:",
        ),
        Mode("config_l2tp_class", "(config-l2tp-class)#", "config", "L2TP class configuration commands:"),
        Mode("config_pw_class", "(config-pw-class)#", "config", "pseudowire-class configuration commands:"),
        Mode(
            "config_if_xconn", "(config-if-xconn)#", "config_if_ethernet", "Xconnect configuration commands:"
        ),
        Mode(
            "config_subif_xconn",
            "(config-if-xconn)#",
            "config_subif",
            "Xconnect configuration commands:",
            "config_if_xconn",
        ),
        # A block of accepted, not modelled sub-commands; its prompt comes from the block.
        Mode("config_block", "(config)#", "config", "Configuration commands:"),
    )
}


def is_config(mode: str) -> bool:
    return mode not in ("user_exec", "priv_exec")


@cache  # the table is fixed: each mode's chain is worked out once
def lineage(mode: str) -> tuple[str, ...]:
    """The mode and its configuration parents, innermost first (the walk-up order)."""
    chain = []
    current: str | None = mode
    while current is not None and is_config(current):
        chain.append(current)
        current = MODES[current].parent
    return tuple(chain)
