"""Telnet's network virtual terminal (RFC 854) between routers: the IAC commands in the byte
stream and the ECHO option (RFC 857) by which the far end says who echoes what is typed."""
