"""SSH as the simulation carries it between routers: RFC 4253's version exchange and packet
framing, with password authentication (RFC 4252) and channel data in the clear (no keys are
exchanged inside the simulation: nothing there listens on the wire)."""
