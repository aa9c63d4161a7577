"""Congestion through a frame-relay-switch node, as the DTEs' `show frame-relay pvc` counters
show it: a PVC's CIR (DE above Bc, discards beyond Bc + Be), a slow port's queue (FECN on
what crosses it, BECN on what comes back, DE frames dropped first), and the router's own
drops on a PVC that is not active. The load is `ping ... timeout 0`: echoes back to back at
the line rate."""

from __future__ import annotations

from frkit import counters, multipoint, pair_lab

FAST, SLOW = 2000000, 64000
SETTLED = 10  # both PVCs ACTIVE and mapped (the first full status comes 3 s after boot)


def loaded(make_lab, count=100, size=500, **switch):
    """R1 10.1.1.1 (DLCI 102) and R2 10.1.1.2 (DLCI 201), InARP maps; once both PVCs are
    active, R1 pings R2 `count` times with timeout 0 and the clock runs until all is
    delivered. The lab and what R2's PVC counted during the load (after minus before)."""
    lab = pair_lab(make_lab, multipoint("R1", "10.1.1.1"), multipoint("R2", "10.1.1.2"), **switch)
    lab.advance(SETTLED)
    before = counters(lab["R2"], 201)
    output = lab["R1"].cli(f"ping 10.1.1.2 repeat {count} size {size} timeout 0")
    assert output.endswith(f"Success rate is 0 percent (0/{count})\n")
    lab.advance(10)
    after = counters(lab["R2"], 201)
    return lab, {name: after[name] - before[name] for name in after}


def congestion_marks(device, dlci: int) -> tuple[int, ...]:
    c = counters(device, dlci)
    return c["in FECN pkts"], c["in BECN pkts"], c["in DE pkts"], c["out DE pkts"]


def test_ping_timeout_0_sends_back_to_back_without_waiting(make_lab):
    lab = pair_lab(make_lab, multipoint("R1", "10.1.1.1"), multipoint("R2", "10.1.1.2"))
    lab.advance(SETTLED)
    started = lab.scheduler.now
    output = lab["R1"].cli("ping 10.1.1.2 repeat 100 size 500 timeout 0")
    assert output == (
        "Type escape sequence to abort.\n"
        "Sending 100, 500-byte ICMP Echos to 10.1.1.2, timeout is 0 seconds:\n"
        + "." * 70
        + "\n"
        + "." * 30
        + "\nSuccess rate is 0 percent (0/100)\n"
    )
    # each 504-byte frame takes 2.016 ms at 2 Mb/s: the ping lasts as long as the line is busy
    assert abs(lab.scheduler.now - started - 100 * 504 * 8 / FAST) < 1e-6
    lab.advance(1)
    assert counters(lab["R1"], 102)["input pkts"] >= 100  # the replies came, after the ping


def test_without_congestion_every_frame_arrives_unmarked(make_lab):
    lab, load = loaded(make_lab)
    assert load["input pkts"] == 100
    for device, dlci in ((lab["R1"], 102), (lab["R2"], 201)):
        assert congestion_marks(device, dlci) == (0, 0, 0, 0)
        c = counters(device, dlci)
        assert (c["dropped pkts"], c["out pkts dropped"], c["out bytes dropped"]) == (0, 0, 0)


def test_frames_above_the_cir_arrive_marked_de(make_lab):
    """CIR 64 kb/s, Bc = Be = 64,000 bits: of a burst at 2 Mb/s, about Bc gets through as
    committed, the next Be marked DE, the rest is discarded."""
    lab, load = loaded(make_lab, cir=64000, bc=64000, be=64000)
    frame = 504 * 8
    assert load["in DE pkts"] >= 64000 // frame
    assert load["input pkts"] - load["in DE pkts"] >= 64000 // frame
    assert load["input pkts"] < 100  # beyond Bc + Be: discarded
    assert (load["in FECN pkts"], load["in BECN pkts"]) == (0, 0)  # no queue built up
    assert counters(lab["R1"], 102)["out DE pkts"] == 0  # the switch marked them, not the router


def test_a_steady_load_gets_cir_and_be_per_tc_through(make_lab):
    """R1's line at 64 kb/s, twice the CIR, with Be = Bc: a minute's steady load all gets
    through (CIR x (1 + Be/Bc) is the line's rate), the part above the CIR marked DE."""
    _, load = loaded(make_lab, count=900, clock1=SLOW, cir=32000, bc=32000, be=32000)
    assert load["input pkts"] >= 900  # (and the minute's Inverse ARP)
    # 900 frames of 4,032 bits in 56.7 s: (Bc + CIR x 56.7 s) / 4,032 = 458 committed, the rest DE
    assert 430 < load["in DE pkts"] < 460


def test_frames_beyond_bc_and_be_are_discarded(make_lab):
    _, with_excess = loaded(make_lab, cir=64000, bc=64000, be=64000)
    _, committed_only = loaded(make_lab, cir=64000, bc=64000)
    assert committed_only["in DE pkts"] == 0
    assert committed_only["input pkts"] < with_excess["input pkts"] < 100


def test_a_slow_port_sets_fecn_forward_and_becn_back(make_lab):
    """2 Mb/s into the switch, 64 kb/s out of its port towards R2: the port's queue fills
    (200 frames of 504 bytes, its buffer 60,000 bytes)."""
    lab, load = loaded(make_lab, count=200, clock2=SLOW)
    assert load["in FECN pkts"] > 0  # R2 hears of the congestion on what crosses the port
    assert load["input pkts"] < 200  # the full queue dropped some
    r1 = counters(lab["R1"], 102)
    assert r1["in BECN pkts"] > 0  # R1, the source, on the echo replies coming back
    assert r1["in FECN pkts"] == 0  # nothing congested on the way to R1
    assert counters(lab["R2"], 201)["in BECN pkts"] == 0


def test_a_full_queue_drops_de_frames_first(make_lab):
    """The same policed burst onto a fast and onto a slow egress port: the committed share
    is the slow port's rate, the DE share three times it; through the slow port every
    committed frame still arrives, the DE frames are the ones lost."""
    contract = {"cir": SLOW, "bc": SLOW, "be": 3 * SLOW}
    _, fast = loaded(make_lab, count=1000, **contract)
    _, slow = loaded(make_lab, count=1000, clock2=SLOW, **contract)
    committed = fast["input pkts"] - fast["in DE pkts"]
    assert slow["input pkts"] - slow["in DE pkts"] == committed
    assert 0 < slow["in DE pkts"] < fast["in DE pkts"]
    assert slow["in FECN pkts"] > 0


def test_the_router_counts_what_it_drops_on_an_inactive_pvc(make_lab):
    r1 = multipoint("R1", "10.1.1.1", "frame-relay map ip 10.1.1.2 102", "no frame-relay inverse-arp")
    r2 = "hostname R2\ninterface Serial0/0/0\n encapsulation frame-relay\n shutdown\nend\n"
    lab = pair_lab(make_lab, r1, r2)
    lab.advance(SETTLED)
    assert "PVC STATUS = INACTIVE" in lab["R1"].cli("show frame-relay pvc 102")
    assert "Success rate is 0 percent (0/5)" in lab["R1"].cli("ping 10.1.1.2")
    c = counters(lab["R1"], 102)
    assert (c["out pkts dropped"], c["out bytes dropped"]) == (5, 5 * 104)  # 100-byte echoes, 104 framed
    assert (c["dropped pkts"], c["in pkts dropped"], c["output pkts"]) == (5, 0, 0)


def test_a_burst_of_small_frames_fits_the_buffer(make_lab):
    """45 spokes ask the hub by Inverse ARP at the same moment: more frames than forty at
    once into the hub's port, but small ones, and every spoke learns the hub."""
    count = 45
    ports = "".join(f"        s{i}: {{}}\n" for i in range(count + 1))
    pvcs = "".join(f"        - endpoints: [s0:{100 + i}, s{i}:100]\n" for i in range(1, count + 1))
    links = "".join(f'    - endpoints: ["B{i}:Serial0/0/0", "FRSW:s{i}"]\n' for i in range(1, count + 1))
    nodes = "".join(f"    B{i}: {{startup-config: B{i}.cfg}}\n" for i in range(1, count + 1))
    topology = (
        "name: fr-burst\ntopology:\n  nodes:\n    HQ: {startup-config: HQ.cfg}\n"
        + nodes
        + "    FRSW:\n      kind: frame-relay-switch\n      ports:\n"
        + ports
        + "      pvcs:\n"
        + pvcs
        + '  links:\n    - endpoints: ["HQ:Serial0/0/0", "FRSW:s0"]\n'
        + links
    )
    hub = "hostname HQ\ninterface Serial0/0/0\n encapsulation frame-relay\n no shutdown\n" + "".join(
        f"interface Serial0/0/0.{100 + i} point-to-point\n ip address 10.2.{i}.1 255.255.255.0\n"
        f" frame-relay interface-dlci {100 + i}\n"
        for i in range(1, count + 1)
    )
    spokes = {f"B{i}": multipoint(f"B{i}", f"10.2.{i}.2") for i in range(1, count + 1)}
    lab = make_lab(topology, HQ=hub, **spokes)
    lab.advance(SETTLED)
    for i in range(1, count + 1):
        assert f"ip 10.2.{i}.1 dlci 100" in lab[f"B{i}"].cli("show frame-relay map")
