"""Whole-lab behaviour through the command line and the API: determinism, NVRAM beside the
lab, the extended ping dialog, the older IOS of a 2811."""

from __future__ import annotations

from labkit import CONFIGS, brief, configure
from labkit import PAIR as LAB

from iosemu.console.main import main
from iosemu.lab.lab import Lab

SCRIPT = """\
enable
@wait 5
ping 10.0.0.2
configure terminal
interface Serial0/0/0
shutdown
end
@wait 3
@R2
enable
show ip interface brief | include Serial0/0/0
@wait 60
show interfaces Serial0/0/0 | include packets
"""


def test_the_same_script_gives_the_same_transcript(make_lab, tmp_path, capsys):
    make_lab(LAB, **CONFIGS)  # writes the lab and its configs
    script = tmp_path / "script.txt"
    script.write_text(SCRIPT)
    transcripts = []
    for _ in range(2):
        assert main(["run", str(tmp_path / "lab.lab.yml"), "--script", str(script)]) == 0
        transcripts.append(capsys.readouterr().out)
    assert transcripts[0] == transcripts[1]
    assert "R1#ping 10.0.0.2\n" in transcripts[0]
    assert "%LINK-5-CHANGED: Interface Serial0/0/0, changed state to administratively down" in transcripts[0]
    assert (
        "Serial0/0/0                10.0.0.2        YES NVRAM  down                  down    \n"
        in transcripts[0]
    )


def test_write_memory_saves_beside_the_lab_and_the_lab_boots_from_it(make_lab, tmp_path):
    lab = make_lab(LAB, **CONFIGS)
    configure(lab["R1"], "hostname EDGE", "interface Loopback0", "ip address 1.1.1.1 255.255.255.255")
    assert lab["R1"].cli("write memory") == "Building configuration...\n[OK]\n"
    saved = tmp_path / "lab.nvram" / "R1.cfg"
    assert "hostname EDGE\n" in saved.read_text()
    again = Lab.load(tmp_path / "lab.lab.yml")
    again["R1"].cli("enable")
    assert again["R1"].console.prompt() == "EDGE#"
    assert brief(again["R1"], "Loopback0") == ("up", "up")
    assert again["R2"].console.prompt() == "R2>"  # never saved: its startup-config from the lab


def test_extended_ping_dialog(make_lab):
    lab = make_lab(LAB, **CONFIGS)
    lab.advance(5)
    r1 = lab["R1"]
    r1.cli("enable")
    answers = {
        "Protocol [ip]: ": "",
        "Target IP address: ": "10.0.0.2",
        "Repeat count [5]: ": "2",
        "Datagram size [100]: ": "",
        "Timeout in seconds [2]: ": "",
        "Extended commands [n]: ": "y",
        "Source address or interface: ": "Serial0/0/0",
        "Type of service [0]: ": "",
        "Set DF bit in IP header? [no]: ": "",
        "Validate reply data? [no]: ": "",
        "Data pattern [0xABCD]: ": "",
        "Loose, Strict, Record, Timestamp, Verbose[none]: ": "",
        "Sweep range of sizes [n]: ": "",
    }
    output = r1.cli("ping")
    asked = []
    while r1.console.dialog is not None:
        prompt = r1.console.prompt()
        asked.append(prompt)
        output = r1.cli(answers[prompt])
    assert asked == list(answers)
    assert output == (
        "Type escape sequence to abort.\n"
        "Sending 2, 100-byte ICMP Echos to 10.0.0.2, timeout is 2 seconds:\n"
        "Packet sent with a source address of 10.0.0.1\n"
        "!!\n"
        "Success rate is 100 percent (2/2), round-trip min/avg/max = 2/2/2 ms\n"
    )
    assert r1.cli("ping") == "" and r1.cli("") == "" and r1.cli("") == "% Bad IP address\n"


def test_a_2811_speaks_ios_12_4(make_lab):
    lab = make_lab(LAB.replace("c2911", "c2811"), **CONFIGS)
    r1 = lab["R1"]
    r1.cli("enable")
    configure(r1, "interface Serial0/0/0", "clock rate 64000")
    lab.advance(5)
    route = r1.cli("show ip route")
    # follows ../shared/reference/ios-output/show_ip_route/ntc_cisco_ios_show_ip_route.raw (12.x legend)
    assert route.startswith("Codes: C - connected, S - static, R - RIP, M - mobile, B - BGP\n")
    assert route.endswith(
        "Gateway of last resort is not set\n\n"
        "     10.0.0.0/30 is subnetted, 1 subnets\n"
        "C       10.0.0.0 is directly connected, Serial0/0/0\n"
    )
    assert r1.cli("show version").startswith("Cisco IOS Software, 2800 Software (C2800NM-ADVENTERPRISEK9-M)")
    text = r1.cli("show interfaces Serial0/0/0")
    assert "  Hardware is GT96K Serial\n" in text
    # follows ../shared/reference/ios-output/show_interfaces/gt96k_R1_show_interfaces_serial_hdlc.txt
    assert (
        "  Queueing strategy: weighted fair\n  Output queue: 0/1000/64/0 (size/max total/threshold/drops)\n"
        in text
    )
    # 12.x: one line; a keepalive and the CDP advertisement sent as the line came up
    assert "     Received 2 broadcasts, 0 runts, 0 giants, 0 throttles\n" in text
