"""copy to and from flash, more and delete: a config backed up on flash survives a change and a
reload, and comes back (golden transcripts: tests/transcripts/device/flash-copy-*.txt)."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lab_helpers import one_router


def _type(router, *lines: str) -> str:
    return "".join(router.cli(line) for line in lines)


def _reload_unsaved(router) -> None:
    router.cli("reload")
    if "Save?" in router.console.prompt():
        router.cli("no")
    router.cli("")
    assert router.console.prompt() == "", "the reload did not happen"
    _type(router, "", "enable")


@pytest.mark.parametrize("hardware", ["c2911", "c2811"])
def test_config_backed_up_on_flash_comes_back_after_a_change_and_a_reload(tmp_path, hardware):
    router = one_router(tmp_path, hardware)
    _type(router, "configure terminal", "hostname Saved", "end")
    assert "bytes copied" in _type(router, "copy running-config flash:backup.cfg", "")
    _type(
        router,
        "configure terminal",
        "hostname Changed",
        "interface Serial0/0/0",
        "description added later",
        "end",
    )
    assert router.console.prompt() == "Changed#"
    # merged as if typed: the backup's hostname is back, the later description stays
    _type(router, "copy flash:backup.cfg running-config", "")
    assert router.console.prompt() == "Saved#"
    assert " description added later" in router.cli("show running-config")
    assert "[OK]" in _type(router, "copy flash:backup.cfg startup-config", "")
    _reload_unsaved(router)
    assert router.console.prompt() == "Saved#"
    assert "description added later" not in router.cli("show running-config")
    assert "  backup.cfg\n" in router.cli("dir")  # flash outlives the reload


def test_files_written_count_against_free_space_until_deleted(tmp_path):
    router = one_router(tmp_path)

    def free() -> int:
        return int(router.cli("dir").splitlines()[-1].split("(")[1].split()[0])

    empty = free()
    _type(router, "copy running-config flash:a.cfg", "")
    size = len(router.cli("more flash:a.cfg").encode())
    assert free() == empty - (-(-size // 4096) * 4096)
    assert _type(router, "delete flash:a.cfg", "", "") == ""
    assert free() == empty
    assert "(No such file or directory)" in router.cli("more flash:a.cfg")


def test_a_declined_delete_keeps_the_file(tmp_path):
    router = one_router(tmp_path)
    _type(router, "copy startup-config flash:x", "")  # nothing saved yet: refused
    _type(router, "write memory", "copy startup-config flash:x", "")
    assert _type(router, "delete x", "", "n") == ""
    assert "version 15.2" in router.cli("more x")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    verb=st.sampled_from(["more", "delete", "copy running-config", "copy"]),
    name=st.text(st.characters(codec="ascii", exclude_characters="\r\n?\t "), min_size=1, max_size=12),
    answers=st.lists(st.sampled_from(["", "y", "n", "../x", "/", ".writing"]), max_size=2),
)
def test_any_file_name_gets_an_answer_not_a_crash(tmp_path_factory, verb, name, answers):
    router = one_router(tmp_path_factory.mktemp("flash"))
    line = f"copy flash:{name} running-config" if verb == "copy" else f"{verb} flash:{name}"
    output = _type(router, line, *answers)
    while router.console.dialog is not None:  # the questions left, answered with Enter
        output += router.cli("")
    assert "Traceback" not in output and "Internal error" not in output
    assert "  c2900-universalk9-mz.SPA.152-4.M3.bin\n" in router.cli("dir")


def test_ntc_templates_parse_dir_with_a_written_file(tmp_path):
    parse_output = pytest.importorskip("ntc_templates.parse").parse_output
    router = one_router(tmp_path)
    _type(router, "copy running-config flash:backup.cfg", "")
    rows = parse_output(platform="cisco_ios", command="dir", data=router.cli("dir"))
    written = next(row for row in rows if row["name"] == "backup.cfg")
    assert written["date_time"] == "Mar 1 2002 00:00:00 +00:00"
    assert int(written["size"]) == len(router.cli("more flash:backup.cfg").encode())
