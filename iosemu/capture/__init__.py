"""Packet capture: taps on links, each frame encoded to its bytes on the wire (only while a
capture runs) and written to a pcapng file that Wireshark decodes with the right link type."""
