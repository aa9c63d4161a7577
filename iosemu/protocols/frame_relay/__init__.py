"""Frame Relay: LMI (Cisco, ANSI, Q.933 Annex A), PVCs, Inverse ARP and PVC switching."""
