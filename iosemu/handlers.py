"""Imports every module that registers command handlers (the registry is filled here)."""

import iosemu.cli.clock
import iosemu.cli.debug
import iosemu.cli.exec_commands
import iosemu.cli.logging_exec
import iosemu.cli.ping
import iosemu.cli.reload
import iosemu.config.cdp
import iosemu.config.clock
import iosemu.config.dhcp
import iosemu.config.frame_relay
import iosemu.config.ignored
import iosemu.config.interface
import iosemu.config.ip
import iosemu.config.line
import iosemu.config.logging
import iosemu.config.ppp
import iosemu.config.system
import iosemu.show.cdp
import iosemu.show.controllers
import iosemu.show.device
import iosemu.show.dhcp
import iosemu.show.flash
import iosemu.show.frame_relay
import iosemu.show.interfaces
import iosemu.show.ip
import iosemu.show.ip_interface
import iosemu.show.line
import iosemu.show.logging
import iosemu.show.multilink
import iosemu.show.ppp
import iosemu.show.running_config
import iosemu.show.system  # noqa: F401
