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
from lab_helpers import LAN, deadline

from iosemu.console.main import main

ROOT = Path(__file__).resolve().parents[2]

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
    allowed = "dhcp, gateway, ip, kind, ports, pvcs, scopes, startup-config, type"
    assert err == f"{bad}:5: node 'R1': unknown key 'colour' (allowed: {allowed})\n"


def test_missing_topology_file(capsys, tmp_path):
    missing = tmp_path / "nope.lab.yml"
    assert main(["shell", str(missing)]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"{missing}: ") and "Traceback" not in err


def test_missing_script_file(capsys, lab_file, tmp_path):
    assert main(["run", str(lab_file), "--script", str(tmp_path / "none.txt")]) == 1
    assert capsys.readouterr().err == f"{tmp_path / 'none.txt'}: cannot read the script: no such file\n"


PC_LAB = LAN.replace("type: c2911}", "type: c2911, startup-config: __NODE__.cfg}").replace(
    "    R2: {}", "    R2: {type: c2811}"
)


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
        "import sys, io; from iosemu.console.main import main; sys.stdin = io.StringIO('show clock\\n');"
        f"main(['run', {str(lab_file)!r}, '--script', '-']); assert 'rich' not in sys.modules, 'rich loaded'"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0, done.stderr


@pytest.mark.parametrize(
    "wait, reason",
    [
        ("inf", "@wait: the clock advances at most 31536000 seconds (a year) at a time"),
        ("1e400", "@wait: the clock advances at most 31536000 seconds (a year) at a time"),
        ("nan", "@wait: NaN is not a number of seconds"),
        ("-5", "@wait: the clock cannot go back in time"),
    ],
)
def test_wait_that_the_clock_cannot_take_names_the_script_line(capsys, lab_file, tmp_path, wait, reason):
    status, out, err = run(capsys, lab_file, f"enable\n@wait {wait}\nshow clock\n", tmp_path)
    assert (status, err) == (1, f"{tmp_path / 'script.txt'}:2: {reason}\n")
    assert "show clock" not in out


def test_an_endless_ping_in_a_script_stops_as_if_aborted(capsys, lab_file, tmp_path):
    status, out, _ = run(capsys, lab_file, "enable\nping 10.9.9.9 repeat 2147483647\nshow clock\n", tmp_path)
    assert status == 0
    assert "\n" + "." * 50 + "\nSuccess rate is 0 percent (0/1800)\n" in out  # an hour of echoes
    assert out.endswith("R1#show clock\n*01:00:00.000 UTC Fri Mar 1 2002\n")  # the next line runs


@pytest.mark.parametrize("speed", ["nan", "-1", "inf", "fast"])
def test_a_shell_speed_the_clock_cannot_run_at_is_refused(capsys, speed):
    with pytest.raises(SystemExit) as exited:
        main(["shell", "--speed", speed])
    assert exited.value.code == 2
    assert f"argument --speed: needs a number from 0 to 1000000, not '{speed}'" in capsys.readouterr().err


# -- hostile files and names: one line on stderr, status 1, never an internal error ---------
def test_startup_config_symlink_loop(capsys, lab_file):
    config = lab_file.parent / "R1.cfg"
    config.unlink()
    os.symlink(config.name, config)
    assert main(["run", str(lab_file), "--script", "-"]) == 1
    out, err = capsys.readouterr()
    assert (out, err) == ("", f"{lab_file}:3: node 'R1': startup-config 'R1.cfg': a loop of symbolic links\n")


READING_VERBS = pytest.mark.parametrize(
    "verb", [["run", "--script", "-"], ["inspect"]], ids=["run", "inspect"]
)


@READING_VERBS
def test_lab_file_that_is_a_fifo(capsys, tmp_path, verb):
    fifo = tmp_path / "wan.lab.yml"
    os.mkfifo(fifo)
    with deadline():
        assert main([verb[0], str(fifo), *verb[1:]]) == 1
    assert capsys.readouterr().err == f"{fifo}: cannot read the lab file: not a regular file (a FIFO)\n"


@READING_VERBS
def test_lab_file_linked_to_dev_zero(tmp_path, verb):
    # Run apart, with its memory capped: before the fix, reading /dev/zero filled the memory.
    lab = tmp_path / "wan.lab.yml"
    os.symlink("/dev/zero", lab)
    cap = "import resource; resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30)); "
    code = (
        cap
        + f"from iosemu.console.main import main; raise SystemExit(main({[verb[0], str(lab), *verb[1:]]!r}))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=60
    )
    assert (done.returncode, done.stdout) == (1, "")
    assert done.stderr == f"{lab}: cannot read the lab file: not a regular file (a device)\n"


def test_nul_in_the_lab_file_names_its_line(capsys, tmp_path):
    lab = _write_lab(tmp_path, "wan.lab.yml", LAB.replace("    R2: {}", "    R2: {}\0"))
    assert main(["run", str(lab), "--script", "-"]) == 1
    assert capsys.readouterr().err == f"{lab}:6: YAML syntax error: the character #x0000 is not allowed\n"


def test_a_node_name_cannot_write_outside_the_lab(capsys, monkeypatch, tmp_path):
    folder = tmp_path / "labs" / "wan"
    folder.mkdir(parents=True)
    lab = _write_lab(folder, "wan.lab.yml", LAB.replace("R2", "../../escaped"))
    (folder / "../../escaped.cfg").write_text("hostname R2\n")
    monkeypatch.setattr("sys.stdin", io.StringIO("@../../escaped\nenable\nwrite memory\n"))
    assert main(["run", str(lab), "--script", "-"]) == 1
    rule = "a letter, then letters, digits or hyphens, ending in a letter or digit, at most 63 characters"
    assert capsys.readouterr().err == f"{lab}:6: node '../../escaped': a node name is {rule}\n"
    assert sorted(p.name for p in tmp_path.rglob("*.cfg")) == ["R1.cfg", "R2.cfg", "escaped.cfg"]
    assert (tmp_path / "escaped.cfg").read_text() == "hostname R2\n"  # not saved over


def test_refused_startup_config_lines_past_a_screenful_are_summarised(capsys, monkeypatch, lab_file):
    (lab_file.parent / "R1.cfg").write_text("".join(f"bogus {n}\n" for n in range(1, 1001)))
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    assert main(["run", str(lab_file), "--script", "-"]) == 0
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == 21
    assert lines[19] == f"{lab_file.parent / 'R1.cfg'}:20: % Invalid input detected at '^' marker. (bogus 20)"
    assert lines[20] == f"... and 980 more refused startup-config lines: {lab_file.parent / 'R1.cfg'} (980)"


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
        b'Translating "\xc3\xbe"...domain server (255.255.255.255)',  # the byte, as its character
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
    from iosemu.console.main import LINE_LIMIT

    status, out, err = run(capsys, lab_file, "show " + "x" * 10 * LINE_LIMIT + "\nshow clock\n", tmp_path)
    assert (status, err) == (0, "")
    lines = out.splitlines()
    assert lines[0] == "R1>show " + "x" * (LINE_LIMIT - len("show "))
    assert lines[-2:] == ["R1>show clock", "*00:00:00.000 UTC Fri Mar 1 2002"]


def test_inspect_shows_a_frame_relay_switch_ports_and_pvc_table(capsys, monkeypatch, tmp_path):
    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    lab = _write_lab(
        tmp_path,
        "fr.lab.yml",
        textwrap.dedent("""
        name: fr
        topology:
          nodes:
            R1: {}
            R2: {}
            FRSW:
              kind: frame-relay-switch
              ports:
                s1: {lmi-type: ansi, clock-rate: 64000}
                s2:
                s3: {lmi-type: q933a}
              pvcs:
                - {endpoints: [s1:102, s2:201], cir: 64000, bc: 8000, be: 8000}
                - endpoints: [s1:103, s3:301]
          links:
            - endpoints: ["R1:Serial0/0/0", "FRSW:s1"]
            - endpoints: ["R2:Serial0/0/0", "FRSW:s2"]
        """),
    )
    assert main(["inspect", str(lab)]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    rows = [
        [cell.strip() for cell in line.strip("│┃").split("│")] for line in out.splitlines() if "│" in line
    ]
    assert rows[-5:] == [
        ["s1", "ansi", "64000", "R1:Serial0/0/0"],
        ["s2", "cisco", "2000000", "R2:Serial0/0/0"],
        ["s3", "q933a", "2000000", "-"],
        ["s1 DLCI 102 <-> s2 DLCI 201", "64000", "8000", "8000"],
        ["s1 DLCI 103 <-> s3 DLCI 301", "-", "-", "-"],
    ]
    assert ["FRSW", "frame-relay-switch", "-", "-"] in rows
    assert "Frame Relay switch FRSW: ports" in out and "Frame Relay switch FRSW: PVCs" in out
    for header in ("Port", "LMI type", "Clock rate", "Cabled to", "PVC", "CIR", "Bc", "Be"):
        assert header in out
