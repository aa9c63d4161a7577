"""show ip ssh (the SSH server's settings and key), show ssh (its sessions), show crypto key
mypubkey rsa (the router's RSA keys).

The configuration holds a key's label, size and birth; the numbers shown are made from those
(config/ssh.py `RsaKey.pair`), the same at every show and the host key the SSH face serves.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass

from iosemu.config.registry import handler
from iosemu.config.ssh import NEED_KEYS, saved_keys
from iosemu.protocols.ssh.rsa import EXPONENT
from iosemu.sim.calendar import clock_text

RSA_OID = bytes.fromhex("06092A864886F70D010101")  # rsaEncryption
SECSH_WIDTH = 80  # IOS folds the SECSH key at 80 columns


def _unsigned(number: int) -> bytes:
    """The big-endian bytes of a positive integer with a sign bit clear (DER, SSH mpint)."""
    return number.to_bytes(number.bit_length() // 8 + 1)


def secsh(n: int) -> str:
    """The key as `ssh-rsa AAAA...` (RFC 4253 section 6.6, base64)."""
    fields = (b"ssh-rsa", _unsigned(EXPONENT), _unsigned(n))
    blob = b"".join(len(field).to_bytes(4) + field for field in fields)
    return "ssh-rsa " + base64.b64encode(blob).decode()


def _der(tag: int, body: bytes) -> bytes:
    size = len(body)
    length = bytes([size]) if size < 128 else bytes([0x80 | (size.bit_length() + 7) // 8]) + _bytes(size)
    return bytes([tag]) + length + body


def _bytes(number: int) -> bytes:
    return number.to_bytes((number.bit_length() + 7) // 8)


def subject_public_key_info(n: int) -> bytes:
    """The key as `show crypto key mypubkey rsa` dumps it (X.509 SubjectPublicKeyInfo, DER)."""
    rsa_key = _der(0x30, _der(0x02, _unsigned(n)) + _der(0x02, _unsigned(EXPONENT)))
    algorithm = _der(0x30, RSA_OID + b"\x05\x00")
    return _der(0x30, algorithm + _der(0x03, b"\x00" + rsa_key))


# -- show ip ssh ----------------------------------------------------------------------------
def version_name(version: int | None) -> str:
    return {None: "1.99", 1: "1.5", 2: "2.0"}[version]


@handler("show_ip_ssh")
def show_ip_ssh(ctx, args):
    device, ssh = ctx.device, ctx.config.ssh
    running = ssh.enabled_version()
    train15 = device.train15
    if running:
        out = [f"SSH Enabled - version {running}"]
    else:
        out = [f"SSH Disabled - version {version_name(ssh.version)}", "%" + NEED_KEYS[train15].rstrip("\n")]
    if train15:
        out.append("Authentication methods:publickey,keyboard-interactive,password")
    out.append(f"Authentication timeout: {ssh.time_out} secs; Authentication retries: {ssh.retries}")
    if train15:
        out.append("Minimum expected Diffie Hellman key size : 1024 bits")
        key = ssh.key() if running else None
        if key is None:
            out.append("IOS Keys in SECSH format(ssh-rsa, base64 encoded): NONE")
        else:
            out.append("IOS Keys in SECSH format(ssh-rsa, base64 encoded):")
            text = secsh(key.pair(device.name).n) + " "
            out.extend(text[i : i + SECSH_WIDTH] for i in range(0, len(text), SECSH_WIDTH))
    return "".join(f"{line}\n" for line in out)


# -- show ssh -------------------------------------------------------------------------------
@dataclass(frozen=True)
class SshSession:
    """One SSH connection to a vty line, as `show ssh` lists it."""

    connection: int  # the vty line's number
    version: str
    cipher: str
    hmac: str
    user: str


def ssh_sessions(device) -> list[SshSession]:
    version = device.config.ssh.enabled_version() or "2.0"
    return [
        SshSession(int(name.split()[1]), version, session.cipher, session.hmac, session.user or "")
        for name, session in device.vtys.items()
        if session.transport == "ssh" and not session.closed
    ]


@handler("show_ssh")
def show_ssh(ctx, args):
    sessions = ssh_sessions(ctx.device)
    if not sessions:
        return "%No SSHv2 server connections running.\n%No SSHv1 server connections running.\n"
    out = ["Connection Version Mode Encryption  Hmac         State                 Username"]
    for session in sessions:
        for mode in ("IN", "OUT"):
            out.append(
                f"{session.connection:<11}{session.version:<8}{mode:<5}{session.cipher:<12}"
                f"{session.hmac:<13}{'Session started':<22}{session.user}"
            )
    out.append("%No SSHv1 server connections running.")
    return "".join(f"{line}\n" for line in out)


# -- show crypto key mypubkey rsa -------------------------------------------------------------
@handler("show_crypto_key")
def show_crypto_key(ctx, args):
    device = ctx.device
    saved = saved_keys(device.private_config or "")
    out = []
    for key in ctx.config.ssh.keys.values():
        at, zone = device.local_time(key.generated)
        when = clock_text(at, zone).split(" ", 2)  # time, zone, weekday and date
        hexed = subject_public_key_info(key.pair(device.name).n).hex().upper()
        words = [hexed[i : i + 8] for i in range(0, len(hexed), 8)]
        stored = "private-config" if saved.get(key.label) == key else "not specified"
        out += [
            f"% Key pair was generated at: {when[0]} {when[1]} {when[2].split(' ', 1)[1]}",
            f"Key name: {key.label}",
            f" Storage Device: {stored}",
            " Usage: General Purpose Key",
            " Key is not exportable.",
            " Key Data:",
            *("  " + " ".join(words[i : i + 8]) for i in range(0, len(words), 8)),
        ]
    return "".join(f"{line}\n" for line in out)
