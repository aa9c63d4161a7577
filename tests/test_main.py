"""The `iosemu` command line: scripted runs, piped input and bad files, as a user sees them."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest

from iosemu.__main__ import main

ROOT = Path(__file__).resolve().parents[1]

LAB = """\
name: wan
topology:
  defaults: {kind: router, type: c2911, startup-config: __NODE__.cfg}
  nodes:
    R1: {}
    R2: {}
  links:
    - endpoints: ["R1:Serial0/0/0", "R2:Serial0/0/0"]
      dce: R1
"""


def _write_lab(folder, filename: str, text: str):
    """A lab in a private folder (NVRAM lands there); R1 and R2 get their hostnames."""
    for name in ("R1", "R2"):
        (folder / f"{name}.cfg").write_text(f"hostname {name}\n")
    path = folder / filename
    path.write_text(text)
    return path


@pytest.fixture
def lab_file(tmp_path):
    return _write_lab(tmp_path, "wan.lab.yml", LAB)


def run(capsys, lab_file, script: str, tmp_path) -> tuple[int, str, str]:
    script_file = tmp_path / "script.txt"
    script_file.write_text(textwrap.dedent(script))
    status = main(["run", str(lab_file), "--script", str(script_file)])
    out, err = capsys.readouterr()
    return status, out, err


def test_run_echoes_prompts_dialogs_and_syslog(capsys, lab_file, tmp_path):
    status, out, err = run(
        capsys,
        lab_file,
        """\
        enable
        configure terminal
        enable secret cisco
        end
        disable
        enable
        cisco
        copy running-config startup-config

        @R2
        show clock
        """,
        tmp_path,
    )
    assert (status, err) == (0, "")
    assert out.splitlines() == [
        "R1>enable",
        "R1#configure terminal",
        "Enter configuration commands, one per line.  End with CNTL/Z.",
        "R1(config)#enable secret cisco",
        "R1(config)#end",
        "R1#",
        "*Mar  1 00:00:00.000: %SYS-5-CONFIG_I: Configured from console by console",
        "R1#disable",
        "R1>enable",
        "Password: ",  # the dialog's prompt; what was typed is not echoed
        "R1#copy running-config startup-config",
        "Destination filename [startup-config]? ",
        "Building configuration...",
        "[OK]",
        "R2>show clock",
        "*00:00:00.000 UTC Fri Mar 1 2002",
    ]
    assert "cisco" not in out.replace("enable secret cisco", "")  # the password is not echoed
    assert (tmp_path / "wan.nvram" / "R1.cfg").is_file()


def test_wait_advances_the_clock_and_shows_syslog_after_a_prompt(capsys, lab_file, tmp_path):
    status, out, _ = run(capsys, lab_file, "@wait 30\nshow clock\n", tmp_path)
    assert status == 0
    assert out.endswith("R1>show clock\n*00:00:30.000 UTC Fri Mar 1 2002\n")
    before = out[: out.index("R1>show clock")]
    if before:  # whatever the routers logged meanwhile: a fresh prompt, then the lines
        first, *lines = before.splitlines()
        assert first == "R1>"
        assert lines and all(line.startswith("*Mar  1 00:00:") for line in lines)


def test_help_in_a_script_line(capsys, lab_file, tmp_path):
    _, out, _ = run(capsys, lab_file, "show ?\n", tmp_path)
    assert out.startswith("R1>show ?\n")
    assert re.search(r"^  clock +Display the system clock$", out, re.M)


def test_at_alone_lists_the_consoles(capsys, lab_file, tmp_path):
    _, out, _ = run(capsys, lab_file, "@\n", tmp_path)
    assert re.match(r"\* R1 +c2911 +R1>\n  R2 +c2911 +R2>\n$", out)


def test_unknown_device_names_the_script_line(capsys, lab_file, tmp_path):
    status, out, err = run(capsys, lab_file, "enable\n@R9\nshow clock\n", tmp_path)
    assert status == 1
    assert err == f"{tmp_path / 'script.txt'}:2: no device named 'R9' (devices: R1, R2)\n"
    assert "show clock" not in out


def test_script_from_stdin(capsys, lab_file, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO("enable\nshow clock\n"))
    assert main(["run", str(lab_file), "--script", "-"]) == 0
    assert capsys.readouterr().out == "R1>enable\nR1#show clock\n*00:00:00.000 UTC Fri Mar 1 2002\n"


def test_piped_stdin_without_a_verb_types_into_the_builtin_lab(capsys, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO("enable\nshow ip interface brief\n"))
    assert main([]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert lines[0].endswith(">enable")
    assert lines[1].endswith("#show ip interface brief")
    assert lines[2].split() == ["Interface", "IP-Address", "OK?", "Method", "Status", "Protocol"]
    assert "Serial0/0/0" in out


def test_bad_topology_gives_file_line_message(capsys, tmp_path):
    bad = tmp_path / "bad.lab.yml"
    bad.write_text("name: bad\ntopology:\n  nodes:\n    R1:\n      colour: red\n")
    assert main(["run", str(bad), "--script", "-"]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert err == f"{bad}:5: node 'R1': unknown key 'colour'\n"


def test_missing_topology_file(capsys, tmp_path):
    missing = tmp_path / "nope.lab.yml"
    assert main(["shell", str(missing)]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"{missing}: ") and "Traceback" not in err


def test_missing_script_file(capsys, lab_file, tmp_path):
    assert main(["run", str(lab_file), "--script", str(tmp_path / "none.txt")]) == 1
    assert capsys.readouterr().err == f"{tmp_path / 'none.txt'}: cannot read the script: no such file\n"


PC_LAB = """\
name: lan
topology:
  defaults: {kind: router, type: c2911, startup-config: __NODE__.cfg}
  nodes:
    R1: {}
    R2: {type: c2811}
    SW1: {kind: switch}
    PC1: {kind: host, ip: 192.168.1.10/24, gateway: 192.168.1.1}
  links:
    - endpoints: ["R1:Serial0/0/0", "R2:Serial0/0/0"]
      dce: R1
    - endpoints: ["R1:gi0/0", "SW1:eth0"]
    - endpoints: ["PC1:eth0", "SW1:eth1"]
"""


@pytest.fixture
def pc_lab(tmp_path):
    """Two routers, a switch and a PC; the switch has no console."""
    return _write_lab(tmp_path, "lan.lab.yml", PC_LAB)


def test_at_lists_routers_and_pcs(capsys, pc_lab, tmp_path):
    status, out, err = run(capsys, pc_lab, "@PC1\n@\n", tmp_path)
    assert (status, err) == (0, "")
    assert out.splitlines() == [
        "  R1           c2911      R1>",
        "  R2           c2811      R2>",
        "* PC1          host       C:\\>",
    ]


def test_a_pc_line_ending_in_a_question_mark_runs(capsys, pc_lab, tmp_path):
    # `?` is IOS help on the keypress; at C:\> it is an ordinary character.
    _, out, _ = run(capsys, pc_lab, "@PC1\nping -n 0 10.0.0.1\nwhat?\n", tmp_path)
    assert out.splitlines() == [
        "C:\\>ping -n 0 10.0.0.1",
        "Bad value for option -n, valid range is from 1 to 4294967295.",
        "",
        "C:\\>what?",
        "'what?' is not recognized as an internal or external command,",
        "operable program or batch file.",
        "",
    ]


def test_inspect_prints_nodes_and_links(capsys, monkeypatch, pc_lab):
    monkeypatch.setenv("COLUMNS", "100")  # rich sizes its tables from the terminal
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    assert main(["inspect", str(pc_lab)]) == 0
    out, err = capsys.readouterr()
    assert err == "" and "\x1b[" not in out
    rows = [
        [cell.strip() for cell in line.strip("│┃").split("│")] for line in out.splitlines() if "│" in line
    ]
    assert rows == [
        ["R1", "router", "c2911", "R1.cfg", ""],
        ["R2", "router", "c2811", "R2.cfg", ""],
        ["SW1", "switch", "-", "-", ""],
        ["PC1", "host", "-", "-", "192.168.1.10/24 via 192.168.1.1"],
        ["R1:Serial0/0/0", "R2:Serial0/0/0", "R1:Serial0/0/0"],
        ["R1:GigabitEthernet0/0", "SW1:eth0", "-"],
        ["PC1:eth0", "SW1:eth1", "-"],
    ]
    assert "Lab lan: nodes" in out and "Lab lan: links" in out
    for header in ("Name", "Kind", "Type", "Startup-config", "Address", "End A", "End B", "DCE end"):
        assert header in out


def test_inspect_builtin_lab_and_bad_file(capsys, tmp_path):
    assert main(["inspect"]) == 0
    assert "R1:Serial0/0/0" in capsys.readouterr().out
    bad = tmp_path / "bad.lab.yml"
    bad.write_text("name: bad\ntopology:\n  defaults: [1]\n  nodes: {R1: {}}\n")
    assert main(["inspect", str(bad)]) == 1
    assert capsys.readouterr().err == f"{bad}:3: 'topology.defaults' must be a mapping\n"


def test_only_inspect_loads_rich(lab_file):
    # Other verbs stay fast: rich is imported inside `inspect` only.
    code = (
        "import sys, io; from iosemu.__main__ import main; sys.stdin = io.StringIO('show clock\\n');"
        f"main(['run', {str(lab_file)!r}, '--script', '-']); assert 'rich' not in sys.modules, 'rich loaded'"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0, done.stderr


# -- scripts are typed input: bytes, pipes, bounded lines ---------------------------------------
def _iosemu(args: list[str], stdin: bytes = b"") -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "iosemu", *args]
    return subprocess.run(command, input=stdin, capture_output=True, cwd=ROOT, timeout=60)


def test_bytes_that_are_not_utf8_at_a_password_prompt_are_a_wrong_password(lab_file):
    (lab_file.parent / "R1.cfg").write_text("hostname R1\nenable secret cisco\n")
    done = _iosemu(["run", str(lab_file), "--script", "-"], b"enable\n\xff\xfe\n\xff\n\x00\xfe\n\xfe\n")
    assert (done.returncode, done.stderr) == (0, b"")
    assert done.stdout.split(b"\n") == [
        b"R1>enable",
        b"Password: ",
        b"Password: ",
        b"Password: ",
        b"% Bad secrets",
        b"",
        b"R1>\xfe",  # the echo is the byte typed; IOS takes it as a host name to look up
        b'Translating "\xef\xbf\xbd"...domain server (255.255.255.255)',
        b"% Unknown command or computer name, or unable to find computer address",
        b"",
    ]


def test_a_script_with_bytes_that_are_not_utf8_is_typed(lab_file, tmp_path):
    script = tmp_path / "script.txt"
    script.write_bytes(b"enable\nshow \xffrunning-config\nshow clock\n")
    done = _iosemu(["run", str(lab_file), "--script", str(script)])
    assert (done.returncode, done.stderr) == (0, b"")
    assert done.stdout.split(b"\n")[1:4] == [
        b"R1#show \xffrunning-config",
        b"        ^",
        b"% Invalid input detected at '^' marker.",
    ]
    assert done.stdout.endswith(b"R1#show clock\n*00:00:00.000 UTC Fri Mar 1 2002\n")


def test_a_script_can_be_a_pipe(capsys, lab_file, tmp_path):
    fifo = tmp_path / "script.fifo"
    os.mkfifo(fifo)
    writer = threading.Thread(target=fifo.write_text, args=("show clock\n",))
    writer.start()
    assert main(["run", str(lab_file), "--script", str(fifo)]) == 0
    writer.join()
    assert capsys.readouterr().out == "R1>show clock\n*00:00:00.000 UTC Fri Mar 1 2002\n"


def test_a_folder_is_not_a_script(capsys, lab_file, tmp_path):
    assert main(["run", str(lab_file), "--script", str(tmp_path)]) == 1
    out, err = capsys.readouterr()
    assert (out, err) == ("", f"{tmp_path}: cannot read the script: a folder\n")


def test_an_overlong_script_line_is_cut_at_the_line_buffer(capsys, lab_file, tmp_path):
    from iosemu.__main__ import LINE_LIMIT

    status, out, err = run(capsys, lab_file, "show " + "x" * 10 * LINE_LIMIT + "\nshow clock\n", tmp_path)
    assert (status, err) == (0, "")
    lines = out.splitlines()
    assert lines[0] == "R1>show " + "x" * (LINE_LIMIT - len("show "))
    assert lines[-2:] == ["R1>show clock", "*00:00:00.000 UTC Fri Mar 1 2002"]
