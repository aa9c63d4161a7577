"""Cisco HDLC: the default serial encapsulation, and its SLARP keepalives."""
