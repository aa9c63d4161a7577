"""CDP (Cisco Discovery Protocol) version 2: the advertisement codec and the per-router agent."""
