"""Proxy LCP at the LNS (issue 13; RFC 2661 section 4.4.5): the LAC's ICCN carries the LCP
Configure-Requests it saw and sent and the user's CHAP answer; the LNS opens its Virtual-Access's
LCP with them (`LCP: I FORCED CONFREQ`), checks the proxied answer and sends the CHAP Success
itself, so the client's LCP is negotiated once; `lcp renegotiation always` renegotiates it."""

from __future__ import annotations

import re

from protocols.l2tp.vpdnkit import compulsory_lab
from sim.labkit import configure


def _dial(lab, *lns_lines: str):
    """The client's line and the LNS's debug, with the LNS's group given `lns_lines` first."""
    client, lns = lab["CLIENT"], lab["LNS"]
    if lns_lines:
        configure(lns, "vpdn-group 1", *lns_lines)
    for device in (client, lns):
        device.cli("debug ppp negotiation")
        device.cli("debug ppp authentication")
        device.console.take_inbox()
    configure(client, "interface Serial0/0/0", "no shutdown")
    lab.advance(20)
    return client.console.take_inbox(), lns.console.take_inbox()


def test_the_lns_takes_the_lacs_lcp_and_the_clients_line_negotiates_once(make_lab):
    lab = compulsory_lab(make_lab, client=False)
    client_log, lns_log = _dial(lab)
    client_requests = [line for line in client_log if re.search(r"Se0/0/0 LCP: O CONFREQ", line)]
    assert len(client_requests) == 1  # never asked again: the line did not flap
    assert not any("LCP: I CONFREQ [Open]" in line for line in client_log)
    assert any(line.endswith("Se0/0/0 CHAP: I SUCCESS id 1 len 4") for line in client_log)
    forced = next(i for i, line in enumerate(lns_log) if "Vi2.1 LCP: I FORCED CONFREQ len" in line)
    client_magic = next(line for line in client_log if "Se0/0/0 LCP:    MagicNumber" in line).split("LCP:")[1]
    assert lns_log[forced + 1].endswith(client_magic)  # the client's own request, as the LAC saw it
    assert not any("Vi2.1 LCP: O CONFREQ" in line for line in lns_log)
    assert any(line.endswith('Vi2.1 CHAP: I RESPONSE id 1 len 35 from "user@cisco.com"') for line in lns_log)
    assert any(line.endswith("Vi2.1 CHAP: O SUCCESS id 1 len 4") for line in lns_log)
    assert lab["CLIENT"].cli("ping 192.168.3.10").splitlines()[-1].startswith("Success rate is 80 percent")


def test_a_wrong_secret_fails_the_proxied_answer_at_the_lns(make_lab):
    lab = compulsory_lab(make_lab, client=False, password="cisc0")
    client_log, lns_log = _dial(lab)
    assert any("Vi2.1 CHAP: O FAILURE id 1" in line for line in lns_log)
    assert any("Se0/0/0 CHAP: I FAILURE id 1" in line for line in client_log)


def test_lcp_renegotiation_always_renegotiates_with_the_client(make_lab):
    lab = compulsory_lab(make_lab, client=False)
    client_log, lns_log = _dial(lab, "lcp renegotiation always")
    assert any("Se0/0/0 LCP: I CONFREQ [Open]" in line for line in client_log)
    assert any("Vi2.1 LCP: O CONFREQ [Starting] id 1" in line for line in lns_log)
    assert not any("FORCED" in line for line in lns_log)
    assert " lcp renegotiation always\n" in lab["LNS"].cli("show running-config | section vpdn-group")
    configure(lab["LNS"], "vpdn-group 1", "no lcp renegotiation")
    assert "lcp" not in lab["LNS"].cli("show running-config | section vpdn-group")
