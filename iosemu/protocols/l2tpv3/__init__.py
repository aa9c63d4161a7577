"""L2TPv3 (RFC 3931): the control connection over IP protocol 115 and Ethernet pseudowires."""
