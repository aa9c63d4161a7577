"""PPP (RFC 1661): LCP, CHAP and PAP, IPCP and CDPCP on serial lines."""
