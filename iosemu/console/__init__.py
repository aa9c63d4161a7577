"""The faces of iosemu: the `iosemu` command, the terminal server (`@` lines), the
prompt_toolkit shell, and the telnet and SSH servers of `iosemu serve`.  Thin adapters over
`lab/` and `cli/`, with no emulation logic; nothing below this package imports it."""
