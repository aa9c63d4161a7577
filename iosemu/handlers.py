"""Imports every module that registers command handlers (the registry is filled here)."""

from iosemu.cli import exec_commands, ping  # noqa: F401
from iosemu.config import ignored, interface, ip, line, system  # noqa: F401
from iosemu.show import interfaces, ip, running_config  # noqa: F401
from iosemu.show import system as show_system  # noqa: F401
