"""DHCP (RFC 2131, 2132): messages, the IOS server and relay, router and PC clients."""
