"""L2TP (RFC 2661, version 2): the header, the AVPs, the control connection with its reliable
delivery, and the sessions; pure protocol code, made to share its header, AVP and delivery
code with L2TPv3 (RFC 3931), which differs from it by a version number and a few AVPs."""
