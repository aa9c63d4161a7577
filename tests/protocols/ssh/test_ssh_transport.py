"""The SSH transport's framing against random bytes (hypothesis): each read gives the peer's
version, messages, or `Malformed`, nothing else; a password request reads back as written."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from iosemu.protocols.ssh import transport as ssh


@given(chunks=st.lists(st.binary(max_size=300), max_size=6), versioned=st.booleans())
def test_random_bytes_are_messages_or_malformed(chunks, versioned):
    reader = ssh.Reader()
    if versioned:
        reader.feed(ssh.VERSION)
    try:
        for chunk in chunks:
            for message in reader.feed(chunk):
                if message.type == ssh.USERAUTH_REQUEST:
                    try:
                        ssh.read_auth(message.payload)
                    except ssh.Malformed:
                        pass
    except ssh.Malformed:
        pass


@given(user=st.text(max_size=20), password=st.text(max_size=40))
def test_a_password_request_reads_back(user, password):
    reader = ssh.Reader()
    reader.feed(ssh.VERSION)
    (message,) = reader.feed(ssh.auth_request(user, password))
    assert message.type == ssh.USERAUTH_REQUEST
    assert ssh.read_auth(message.payload) == (user, password)
