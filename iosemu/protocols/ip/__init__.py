"""IPv4, ICMP, UDP probes and ARP: packets, the routing table, forwarding rules."""
