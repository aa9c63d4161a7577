"""TCP (RFC 793): the segment and the connection's state machine (the transmission control block)."""
