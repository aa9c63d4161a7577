"""Captures started from the faces: `iosemu run --capture END=FILE` (several, `all=DIR`,
`=-` to stdout with the transcript on stderr) and the terminal server's `@capture` lines."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from lab_helpers import BLANK_WAN
from sim.labkit import configure

from iosemu.capture import pcapng
from iosemu.capture.framing import decode
from iosemu.console.main import main
from iosemu.protocols.ip.pdu import Icmp

UP = """\
enable
configure terminal
interface Serial0/0/0
ip address 10.0.0.1 255.255.255.252
clock rate 64000
no shutdown
end
@R2
enable
configure terminal
interface Serial0/0/0
ip address 10.0.0.2 255.255.255.252
no shutdown
end
@wait 30
"""


def pings(path: Path) -> list[int]:
    """The ICMP types of the echoes a capture holds, in order."""
    frames = [decode(linktype, data) for linktype, _, _, data, _ in pcapng.read(path.read_bytes())]
    return [f.payload.payload.type for f in frames if isinstance(getattr(f.payload, "payload", 0), Icmp)]


def test_run_captures_one_end_and_every_link(tmp_path, capsys):
    script = tmp_path / "script.txt"
    script.write_text(UP + "ping 10.0.0.1\n")
    one, every = tmp_path / "r1.pcapng", tmp_path / "all"
    arguments = ["--capture", f"R1:s0/0/0={one}", "--capture", f"all={every}"]
    assert main(["run", str(BLANK_WAN), "--script", str(script), *arguments]) == 0
    assert "!!!!!" in capsys.readouterr().out
    both = every / "R1-Serial0_0_0--R2-Serial0_0_0.pcapng"
    assert pings(one) == pings(both) == [8, 0] * 5
    assert one.read_bytes() == both.read_bytes()


def test_run_streams_a_capture_to_stdout_and_the_transcript_to_stderr(tmp_path):
    script = tmp_path / "script.txt"
    script.write_text(UP + "ping 10.0.0.1\n")
    command = ["-m", "iosemu", "run", str(BLANK_WAN), "--script", str(script), "--capture", "R2:s0/0/0=-"]
    done = subprocess.run([sys.executable, *command], capture_output=True, timeout=120)
    assert done.returncode == 0 and b"!!!!!" in done.stderr
    (tmp_path / "out.pcapng").write_bytes(done.stdout)
    assert pings(tmp_path / "out.pcapng") == [8, 0] * 5


def test_run_refuses_a_capture_it_cannot_make(tmp_path, capsys):
    script = tmp_path / "script.txt"
    script.write_text("show clock\n")
    for spec, reason in [
        ("R1:g0/0=x.pcapng", "no link is cabled to 'R1:g0/0'"),
        ("R1:s0/0/0", "must be END=FILE (R1:s0/0/0=r1.pcapng), END=- or all=DIR"),
        (f"R1:s0/0/0={tmp_path}/none/x.pcapng", "No such file or directory"),
    ]:
        assert main(["run", str(BLANK_WAN), "--script", str(script), "--capture", spec]) == 1
        assert f"--capture '{spec}': " in (err := capsys.readouterr().err) and reason in err


def test_a_file_a_capture_already_writes_is_refused_in_one_line(tmp_path, capsys):
    script, file = tmp_path / "script.txt", tmp_path / "wan.pcapng"
    script.write_text("show clock\n")
    specs = ["--capture", f"R1:s0/0/0={file}", "--capture", f"R2:s0/0/0={file}"]
    assert main(["run", str(BLANK_WAN), "--script", str(script), *specs]) == 1
    written = f"{file} is already written by the capture of R1:Serial0/0/0"
    assert capsys.readouterr().err == f"--capture 'R2:s0/0/0={file}': {written}\n"
    script.write_text(f"@capture R1:s0/0/0 {file}\n@capture R2:s0/0/0 {file}\n")
    assert main(["run", str(BLANK_WAN), "--script", str(script)]) == 1
    assert capsys.readouterr().err == f"{script}:2: @capture: {written}\n"


def test_the_terminal_server_starts_lists_and_stops_captures(tmp_path, capsys):
    script = tmp_path / "script.txt"
    file = tmp_path / "wan.pcapng"
    script.write_text(
        UP
        + f"@capture\n@capture R2:s0/0/0 {file}\n@capture\n@R1\nping 10.0.0.2\n@capture stop\n@capture stop\n"
    )
    assert main(["run", str(BLANK_WAN), "--script", str(script)]) == 0
    out = capsys.readouterr().out
    listing = out[out.index("[No capture running]") :]
    assert listing.startswith(
        "[No capture running]\n"
        f"[Capturing R2:Serial0/0/0 <-> R1:Serial0/0/0 to {file}]\n"
        f"  R2:Serial0/0/0 <-> R1:Serial0/0/0  {file}  0 frames\n"
    )
    assert f"[Stopped R2:Serial0/0/0: 10 frames in {file}]\n[No capture running]\n" in listing
    assert pings(file) == [8, 0] * 5


def test_a_bad_capture_line_names_its_line(tmp_path, capsys):
    script = tmp_path / "script.txt"
    script.write_text("@capture R9:s0/0/0 x.pcapng\n")
    assert main(["run", str(BLANK_WAN), "--script", str(script)]) == 1
    assert capsys.readouterr().err == f"{script}:1: @capture: endpoint 'R9:s0/0/0': unknown node 'R9'\n"


def test_a_capture_whose_file_fills_up_is_listed_and_reported_and_the_run_fails(tmp_path, capsys):
    script = tmp_path / "script.txt"
    script.write_text(UP + "@capture R1:s0/0/0 /dev/full\n@R1\nping 10.0.0.2 size 1500 repeat 10\n@capture\n")
    assert main(["run", str(BLANK_WAN), "--script", str(script)]) == 1
    out, err = capsys.readouterr()
    assert "!!!!!!!!!!" in out
    listed = re.search(
        r"^  R1:Serial0/0/0 <-> R2:Serial0/0/0  /dev/full  (\d+) frames, stopped: (.*)\n", out, re.M
    )
    assert listed and listed[2] == "[Errno 28] No space left on device"
    assert err == f"Capture of R1:Serial0/0/0 to /dev/full stopped after {listed[1]} frames: {listed[2]}\n"


def test_stdout_is_for_one_capture_of_one_end(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    script = tmp_path / "script.txt"
    script.write_text("show clock\n")
    assert main(["run", str(BLANK_WAN), "--script", str(script), "--capture", "all=-"]) == 1
    assert "--capture 'all=-': must be END=FILE" in capsys.readouterr().err
    script.write_text("@capture R1:s0/0/0 -\n")
    assert main(["run", str(BLANK_WAN), "--script", str(script)]) == 1
    assert "@capture: '-' is stdout, for 'iosemu run --capture END=-'" in capsys.readouterr().err
    assert not (tmp_path / "-").exists()


def test_leaving_the_shell_completes_the_files_its_captures_write(tmp_path, monkeypatch):
    from iosemu.console.shell import Shell

    file, boards = tmp_path / "wan.pcapng", []

    def typed(shell) -> None:  # what a user types before Ctrl-D
        boards.append(shell.board)
        lab = shell.board.lab
        configure(lab["R1"], "interface Serial0/0/0", "clock rate 64000", "no shutdown")
        configure(lab["R2"], "interface Serial0/0/0", "no shutdown")
        shell.board.directive(f"@capture R1:s0/0/0 {file}")
        lab.advance(60)

    monkeypatch.setattr(Shell, "run", typed)
    assert main(["lab", str(BLANK_WAN)]) == 0  # the lab's instructions, then its shell
    (capture,) = boards[0].lab.captures
    assert not capture.running and len(pcapng.read(file.read_bytes())) == capture.frames > 0


def test_two_runs_in_two_processes_write_the_same_files(tmp_path):
    """Nothing in a capture hangs on the process (its hash seed, the wall clock): a script run
    twice gives the same files byte for byte."""
    script = tmp_path / "script.txt"
    script.write_text(UP + "ping 10.0.0.1\n")
    for seed in ("1", "2"):
        command = [
            "-m",
            "iosemu",
            "run",
            str(BLANK_WAN),
            "--script",
            str(script),
            "--capture",
            f"all={tmp_path / seed}",
        ]
        subprocess.run(
            [sys.executable, *command],
            capture_output=True,
            check=True,
            timeout=120,
            env={**os.environ, "PYTHONHASHSEED": seed},
        )
    (one,) = (tmp_path / "1").iterdir()
    assert pings(one) == [8, 0] * 5 and one.read_bytes() == (tmp_path / "2" / one.name).read_bytes()
