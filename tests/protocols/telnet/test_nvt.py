"""RFC 854's byte stream: data crosses whole in pieces of any size, IAC commands come out as
option verbs, and random bytes never break the reader."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from iosemu.protocols.telnet import nvt


def _fed(data: bytes, cuts: list[int]) -> tuple[bytes, list[tuple[int, int]]]:
    reader, text, options = nvt.Reader(), b"", []
    at = 0
    for cut in sorted({min(c, len(data)) for c in cuts}) + [len(data)]:
        got, said = reader.feed(data[at:cut])
        text, options, at = text + got, options + said, cut
    return text, options


@given(st.binary(max_size=200), st.lists(st.integers(0, 200), max_size=8))
def test_escaped_data_crosses_whole_however_it_is_cut(data, cuts):
    assert _fed(nvt.escape(data), cuts) == (data, [])


@given(st.binary(max_size=50), st.binary(max_size=50), st.lists(st.integers(0, 110), max_size=8))
def test_an_option_between_data_comes_out_as_its_verb(before, after, cuts):
    stream = nvt.escape(before) + nvt.command(nvt.WILL, nvt.ECHO) + nvt.escape(after)
    assert _fed(stream, cuts) == (before + after, [(nvt.WILL, nvt.ECHO)])


def test_a_subnegotiation_is_skipped_and_refusals_answer_only_offers():
    stream = bytes([nvt.IAC, nvt.SB, 24, 1, nvt.IAC, nvt.SE]) + b"ok"
    assert nvt.Reader().feed(stream) == (b"ok", [])
    assert nvt.refusal(nvt.WILL, 24) == bytes([nvt.IAC, nvt.DONT, 24])
    assert nvt.refusal(nvt.DO, 31) == bytes([nvt.IAC, nvt.WONT, 31])
    assert nvt.refusal(nvt.WONT, 24) == nvt.refusal(nvt.DONT, 24) == b""


@given(st.binary(max_size=300))
def test_random_bytes_never_break_the_reader(data):
    text, options = nvt.Reader().feed(data)
    assert len(text) <= len(data)
    assert all(verb in nvt.VERBS for verb, _ in options)
