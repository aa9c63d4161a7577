"""PPPoE (RFC 2516): the discovery stage (PADI, PADO, PADR, PADS, PADT) and the session stage's
frames, for a host (a Dialer's `pppoe-client`) and an access concentrator (a `bba-group`)."""
