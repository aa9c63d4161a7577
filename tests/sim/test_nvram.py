"""NVRAM as a user meets it: saves that fail leave the startup-config and the unsaved changes as
they were (the file on disk and `show startup-config` agree), saves killed mid-way leave nothing
behind, a file that cannot be NVRAM is reported, a configuration NVRAM cannot hold is refused.

Tests run as root, so no chmod makes a folder unwritable: a full disk, a read-only file system
and an immutable file are made by patching the lowest OS call of the save to fail as the kernel
would; the `.nvram` folder being a regular file is real."""

from __future__ import annotations

import errno
import os

import pytest
from labkit import configure

from iosemu.lab.lab import Lab

BUILDING = "Building configuration...\n"
FULL_WARNING = (
    "% Warning: Saving this config to nvram may corrupt any network\n"
    "management or security files stored at the end of nvram.\n"
)
ABORTED = "%Aborting Save. Compress the config,\nSave it to flash or Free up space on device[OK]\n"
BAD_CHECKSUM = "%% Non-volatile configuration memory has not been set up or has bad checksum\n"
SAVE_PROMPT = "System configuration has been modified. Save? [yes/no]: "


def startup(device) -> str | None:
    """The text `show startup-config` shows after its `Using N out of M bytes` line."""
    shown = device.cli("show startup-config")
    return shown.split("\n", 1)[1] if shown.startswith("Using ") else None


def asks_to_save(device) -> bool:
    """Whether `reload` asks to save first (the reload is then cancelled)."""
    device.cli("reload")
    asked = device.console.prompt() == SAVE_PROMPT
    if asked:
        device.cli("no")
    device.cli("n")  # at "Proceed with reload? [confirm]": cancelled
    return asked


def fail(monkeypatch, call: str, code: int) -> None:
    """Make `os.<call>` fail as the kernel does with `code`."""

    def failing(*args, **kwargs):
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(os, call, failing)


def test_a_save_into_an_nvram_folder_that_is_a_file_is_refused(lab, tmp_path):
    folder = tmp_path / "blank-wan.nvram"
    folder.write_text("not a folder\n")
    r1 = lab["R1"]
    configure(r1, "hostname EDGE")
    assert r1.cli("write memory") == "startup-config file open failed (Not a directory)\n"
    assert r1.cli("copy running-config startup-config") == ""
    assert r1.cli("") == "startup-config file open failed (Not a directory)\n"
    assert r1.cli("show startup-config") == "startup-config is not present\n"
    assert "NVRAM config last updated" not in r1.cli("show running-config")
    assert folder.read_text() == "not a folder\n"
    assert asks_to_save(r1)
    assert r1.cli("write erase") == ""
    # an erase is written too (an empty file): the same fault refuses it
    assert r1.cli("") == "%Error erasing nvram: (Not a directory)\n"


@pytest.mark.parametrize(
    "call, code, reason",
    [
        ("fsync", errno.ENOSPC, "No space left on device"),  # the disk is full
        ("open", errno.EROFS, "Read-only file system"),  # mkstemp's open in a read-only mount
        ("replace", errno.EPERM, "Operation not permitted"),  # the saved file is immutable
    ],
    ids=["disk-full", "read-only", "immutable"],
)
def test_a_save_the_disk_refuses_keeps_the_old_startup_config(lab, tmp_path, monkeypatch, call, code, reason):
    r1 = lab["R1"]
    configure(r1, "hostname ONE")
    assert r1.cli("write memory") == BUILDING + "[OK]\n"
    saved = tmp_path / "blank-wan.nvram" / "R1.cfg"
    before = saved.read_text()
    configure(r1, "hostname TWO")
    with monkeypatch.context() as patch:
        fail(patch, call, code)
        assert r1.cli("write memory") == f"startup-config file open failed ({reason})\n"
    assert saved.read_text() == before == startup(r1)
    assert "hostname ONE\n" in before
    assert os.listdir(saved.parent) == ["R1.cfg"]  # no temporary file left behind
    assert asks_to_save(r1)
    assert r1.cli("write memory") == BUILDING + "[OK]\n"  # the disk is back: the save works
    assert "hostname TWO\n" in saved.read_text() == startup(r1)
    assert not asks_to_save(r1)


def test_reload_goes_on_to_confirm_after_a_failed_save(lab, tmp_path):
    (tmp_path / "blank-wan.nvram").write_text("")
    r1 = lab["R1"]
    configure(r1, "hostname EDGE")
    r1.cli("reload")
    assert r1.cli("yes") == "startup-config file open failed (Not a directory)\n"
    assert r1.console.prompt() == "Proceed with reload? [confirm]"
    r1.cli("n")
    assert r1.console.prompt() == "EDGE#"


def test_an_erase_the_disk_refuses_keeps_the_startup_config(lab, tmp_path, monkeypatch):
    r1 = lab["R1"]
    configure(r1, "hostname ONE")
    r1.cli("write memory")
    saved = tmp_path / "blank-wan.nvram" / "R1.cfg"
    r1.console.take_inbox()
    assert r1.cli("erase startup-config") == ""
    with monkeypatch.context() as patch:
        fail(patch, "open", errno.EROFS)  # mkstemp's open in a read-only mount
        assert r1.cli("") == "%Error erasing nvram: (Read-only file system)\n"
    assert saved.read_text() == startup(r1)
    assert "hostname ONE\n" in saved.read_text()
    assert not any("NV_BLOCK_INIT" in line for line in r1.console.take_inbox())


def test_an_erased_nvram_stays_erased_when_the_lab_opens_again(tmp_path):
    """The lab file gives R1 a startup-config; after `write erase` a reopened lab boots R1
    blank, as a router whose NVRAM was erased boots, instead of the lab's file again."""
    (tmp_path / "r1.cfg").write_text("hostname FROM-FILE\n")
    (tmp_path / "one.lab.yml").write_text(
        "name: one\ntopology:\n  nodes:\n    R1: {kind: router, type: c2911, startup-config: r1.cfg}\n"
    )
    first = Lab.load(tmp_path / "one.lab.yml")
    assert first["R1"].console.prompt() == "FROM-FILE>"
    first["R1"].cli("enable")
    first["R1"].cli("write erase")
    assert first["R1"].cli("") == "[OK]\nErase of nvram: complete\n"
    again = Lab.load(tmp_path / "one.lab.yml")
    assert again["R1"].console.prompt() == "Router>"
    again["R1"].cli("enable")
    assert again["R1"].cli("show startup-config") == "startup-config is not present\n"


def test_temporary_files_of_killed_saves_are_removed_when_the_lab_opens(lab, tmp_path):
    folder = tmp_path / "blank-wan.nvram"
    folder.mkdir()
    (folder / ".R1.cfg.saving-k3x_9zq1").write_text("hostname HALF\n")  # killed before its rename
    (folder / ".R2.cfg.saving-0abcdefg").write_text("")
    (folder / "notes.txt").write_text("mine\n")
    (folder / ".R1.cfg.backup").write_text("mine too\n")
    (folder / ".R1.cfg.original").write_text("mine as well\n")  # found in review: once removed
    again = Lab.load(tmp_path / "blank-wan.lab.yml")
    assert sorted(os.listdir(folder)) == [".R1.cfg.backup", ".R1.cfg.original", "notes.txt"]
    again["R1"].cli("enable")
    assert again["R1"].console.prompt() == "Router#"


@pytest.mark.parametrize(
    "make, fault, save",
    [
        (os.mkdir, "not a regular file (a folder)", "startup-config file open failed (Is a directory)\n"),
        (os.mkfifo, "not a regular file (a FIFO)", BUILDING + "[OK]\n"),  # would hang a plain read
        (
            lambda path: path.write_text("!\n" * 131069),  # 262,138 bytes: 2 more than a 2911 has
            "larger than 262,136 bytes",
            BUILDING + "[OK]\n",
        ),
    ],
    ids=["folder", "fifo", "oversized"],
)
def test_a_file_that_cannot_be_nvram_is_reported_and_ignored(lab, tmp_path, make, fault, save):
    folder = tmp_path / "blank-wan.nvram"
    folder.mkdir()
    make(folder / "R1.cfg")
    lab = Lab.load(tmp_path / "blank-wan.lab.yml")
    assert lab.warnings == [f"{folder / 'R1.cfg'}: cannot be NVRAM ({fault}); R1 starts with an empty NVRAM"]
    r1 = lab["R1"]
    r1.cli("enable")
    assert r1.console.prompt() == "Router#"
    assert r1.cli("show startup-config") == BAD_CHECKSUM
    assert r1.cli("write memory") == save
    if save.endswith("[OK]\n"):  # the save replaced it: the next lab boots from it
        assert Lab.load(tmp_path / "blank-wan.lab.yml").warnings == []


def test_a_configuration_larger_than_nvram_is_refused(lab, tmp_path):
    r1 = lab["R1"]
    configure(r1, "banner motd #" + "x" * 300000 + "#")
    assert r1.cli("write memory") == BUILDING + FULL_WARNING
    assert r1.console.prompt() == "Continue? [no]: "
    assert r1.cli("maybe") == "% Please answer 'yes' or 'no'.\n"
    assert r1.console.prompt() == "Continue? [no]: "
    assert r1.cli("") == ""  # no, the default: nothing is tried
    assert r1.cli("write memory") == BUILDING + FULL_WARNING
    refused = r1.cli("y")
    assert refused.startswith("% Configuration buffer full, can't add command: banner motd ^Cxxx")
    assert refused.endswith("x^C\n" + ABORTED)
    assert r1.cli("show startup-config") == "startup-config is not present\n"
    assert not (tmp_path / "blank-wan.nvram").exists()
    assert r1.cli("copy running-config startup-config") == ""
    assert r1.cli("") == BUILDING + FULL_WARNING
    assert r1.cli("yes").endswith(ABORTED)  # even yes: the whole NVRAM cannot hold it
    assert asks_to_save(r1)


def test_reload_with_a_configuration_larger_than_nvram_keeps_the_saved_one(lab):
    r1 = lab["R1"]
    configure(r1, "hostname ONE")
    r1.cli("write memory")
    before = startup(r1)
    configure(r1, "banner motd #" + "x" * 300000 + "#")
    r1.cli("reload")
    assert r1.cli("yes") == BUILDING + FULL_WARNING
    assert r1.cli("yes").endswith(ABORTED)
    assert r1.console.prompt() == "Proceed with reload? [confirm]"
    r1.cli("n")
    assert startup(r1) == before
