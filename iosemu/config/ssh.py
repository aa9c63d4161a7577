"""The SSH server's configuration: `ip ssh version|time-out|authentication-retries`, and the
router's RSA keys (`crypto key generate rsa`, `crypto key zeroize rsa`).

The keys are IOS's private configuration: never in the running-config, written to NVRAM
with the next save (`private_lines` / `read_private`), so a reload keeps saved keys. The
model holds a key's label, size and birth; its numbers are made from those (`pair`), the
same for `show ip ssh` and for the host key an SSH client is served.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from iosemu.config.registry import Refused, handler
from iosemu.protocols.ssh.rsa import KeyPair, key_pair

DEFAULT_TIME_OUT = 120  # seconds
DEFAULT_RETRIES = 3
SSH2_MODULUS = 768  # the smallest key SSH version 2 takes
DEFAULT_MODULUS = 512  # the dialog's [512]
MODULUS_RANGE = {True: (360, 4096), False: (360, 2048)}  # 15.x, 12.4
NEED_DOMAIN = "% Please define a domain-name first.\n"
NEED_HOSTNAME = "% Please define a hostname other than Router.\n"
# `ip ssh version 2` with no key (or one too small): 15.x's words, then 12.4's.
NEED_KEYS = {
    True: "Please create RSA keys to enable SSH (and of atleast 768 bits for SSH v2).\n",
    False: "Please create RSA keys (of atleast 768 bits size) to enable SSH v2.\n",
}


@dataclass(frozen=True)
class RsaKey:
    label: str
    modulus: int
    generated: float  # virtual time: `show crypto key mypubkey rsa` says when

    def pair(self, owner: str) -> KeyPair:
        """The key's numbers on the router named `owner` (made once: seconds for 4096 bits)."""
        return key_pair(f"{owner}:{self.label}:{self.modulus}:{self.generated!r}", self.modulus)


@dataclass
class SshConfig:
    version: int | None = None  # None: 1.99, both versions
    time_out: int = DEFAULT_TIME_OUT
    retries: int = DEFAULT_RETRIES
    keys: dict[str, RsaKey] = field(default_factory=dict)  # label -> key (private config)

    def lines(self) -> list[str]:
        """The running-config's `ip ssh` lines, in IOS's order."""
        out = []
        if self.time_out != DEFAULT_TIME_OUT:
            out.append(f"ip ssh time-out {self.time_out}")
        if self.retries != DEFAULT_RETRIES:
            out.append(f"ip ssh authentication-retries {self.retries}")
        if self.version is not None:
            out.append(f"ip ssh version {self.version}")
        return out

    def key(self) -> RsaKey | None:
        """The key SSH serves: the first made (IOS's default keypair, without `ip ssh rsa
        keypair-name`)."""
        return next(iter(self.keys.values()), None)

    def enabled_version(self) -> str | None:
        """What `%SSH-5-ENABLED` and `show ip ssh` call the version SSH runs, None when SSH is
        off (no key, or `ip ssh version 2` with a key too small for it)."""
        key = self.key()
        if key is None:
            return None
        if self.version == 2:
            return "2.0" if key.modulus >= SSH2_MODULUS else None
        if self.version == 1 or key.modulus < SSH2_MODULUS:
            return "1.5"
        return "1.99"

    def private_lines(self) -> list[str]:
        """The keys as the private configuration keeps them in NVRAM."""
        return [f"rsa {key.label} {key.modulus} {key.generated!r}" for key in self.keys.values()]

    def read_private(self, text: str) -> None:
        self.keys.update(saved_keys(text))


def saved_keys(text: str) -> dict[str, RsaKey]:
    """The keys a saved private configuration holds (a line that is not a key is skipped)."""
    keys = {}
    for line in text.splitlines():
        words = line.split()
        if len(words) != 4 or words[0] != "rsa" or not (words[2].isascii() and words[2].isdigit()):
            continue
        try:
            generated = float(words[3])
        except ValueError:
            continue
        if not 0 <= generated < 1e12 or not 360 <= int(words[2]) <= 4096:  # not a key IOS made
            continue
        keys[words[1]] = RsaKey(words[1], int(words[2]), generated)
    return keys


@handler("cfg_ip_ssh")
def ip_ssh(ctx, args):
    ssh = ctx.config.ssh
    if args.ssh_version:
        if args.negate:
            ssh.version = None
            return None
        ssh.version = args.ssh_version_number
        if ssh.version == 2 and ssh.enabled_version() is None and not ctx.session.loading:
            return NEED_KEYS[ctx.device.train15]  # the setting is kept; SSH waits for a key
        return None
    if args.time_out:
        ssh.time_out = DEFAULT_TIME_OUT if args.negate else args.ssh_time_out
    else:
        ssh.retries = DEFAULT_RETRIES if args.negate else args.ssh_retries
    return None


@handler("cfg_crypto_key_generate")
def generate(ctx, args):
    """`crypto key generate rsa [general-keys] [label L] [modulus N]`: without a modulus, IOS
    asks for it; a key of the same name is replaced (asked first, in the dialog)."""
    config, session, train15 = ctx.config, ctx.session, ctx.device.train15
    label = args.rsa_label
    if label is None:
        if config.system.hostname == "Router":
            return Refused(NEED_HOSTNAME)
        if not config.ip.domain_name:
            return Refused(NEED_DOMAIN)
        label = f"{config.system.hostname}.{config.ip.domain_name}"
    low, high = MODULUS_RANGE[train15]
    if args.rsa_modulus is not None and args.rsa_modulus > high:
        return session.invalid_at_end()  # 12.4: <360-2048>
    heading = "" if args.rsa_label else f"The name for the keys will be: {label}\n"
    existing = f"% You already have RSA keys defined named {label}.\n" if label in config.ssh.keys else ""

    def make(bits: int) -> str:
        was_on = config.ssh.enabled_version()
        config.ssh.keys[label] = RsaKey(label, bits, ctx.device.scheduler.now)
        now_on = config.ssh.enabled_version()
        if now_on and not was_on:
            ctx.device.log(f"%SSH-5-ENABLED: SSH {now_on} has been enabled")
        text = f"% Generating {bits} bit RSA keys, keys will be non-exportable..."
        if not train15:
            return text + "[OK]\n"
        return text + f"\n[OK] (elapsed time was {elapsed(bits)} seconds)\n\n"

    if args.rsa_modulus is not None and ctx.session.loading:
        make(args.rsa_modulus)  # a lab's startup-config may make the keys: a warning is no refusal
        return None
    if args.rsa_modulus is not None:
        replaced = existing and existing + "% They will be replaced.\n"
        return (
            heading
            + replaced
            + f"\n% The key modulus size is {args.rsa_modulus} bits\n"
            + make(args.rsa_modulus)
        )

    def ask_size() -> str:
        def answer(typed: str) -> str:
            text = typed.strip() or str(DEFAULT_MODULUS)
            if text.isascii() and text.isdigit() and low <= int(text) <= high:
                return make(int(text))
            return f"% A decimal number between {low} and {high}.\n"  # [M]

        session.ask(f"How many bits in the modulus [{DEFAULT_MODULUS}]: ", answer)
        return (
            f"Choose the size of the key modulus in the range of {low} to {high} for your\n"
            "  General Purpose Keys. Choosing a key modulus greater than 512 may take\n"
            "  a few minutes.\n\n"
        )

    if existing:
        session.ask_yes_no("% Do you really want to replace them? [yes/no]: ", ask_size, lambda: "")
        return heading + existing
    return heading + ask_size()


def elapsed(bits: int) -> int:
    """What `[OK] (elapsed time was N seconds)` says: the work grows as the cube of the size
    (1024 bits: 1 second, as an ISR G2 takes)."""
    return round((bits / 1024) ** 3)


@handler("cfg_crypto_key_zeroize")
def zeroize(ctx, args):
    """Remove the keys (all, or the one labelled), once confirmed: SSH stops when its key
    goes, and the SSH sessions with it."""
    ssh, name = ctx.config.ssh, args.rsa_key_name
    if name is not None and name not in ssh.keys:
        return Refused(f"% RSA keypair {name} is not present\n")  # [M]

    def remove() -> str:
        was_on = ssh.enabled_version()
        if name is None:
            ssh.keys.clear()
        else:
            del ssh.keys[name]
        if was_on and ssh.enabled_version() is None:
            ctx.device.log(f"%SSH-5-DISABLED: SSH {was_on} has been disabled")
            for session in list(ctx.device.vtys.values()):
                if session.transport == "ssh":
                    session.closed = True
        return ""

    ctx.session.ask_yes_no("Do you really want to remove these keys? [yes/no]: ", remove, lambda: "")
    which = "All RSA keys" if name is None else f"Keys to be removed are named {name}"  # [M] the named form
    return f"% {which} will be removed.\n% All router certs issued using these keys will also be removed.\n"
