"""The SSH server's configuration: `ip ssh version|time-out|authentication-retries`, and the
router's RSA keys (`crypto key generate rsa`, `crypto key zeroize rsa`).

The keys are IOS's private configuration: never in the running-config, written to NVRAM
with the next save (`private_lines` / `read_private`), so a reload keeps saved keys. The
model holds a key's label, size and birth, no key bytes: a face that serves SSH makes a
real key of that size (cli/vty.py `ssh_key`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from iosemu.config.registry import Refused, handler

DEFAULT_TIME_OUT = 120  # seconds
DEFAULT_RETRIES = 3
SSH2_MODULUS = 768  # the smallest key SSH version 2 takes
DEFAULT_MODULUS = 512  # the dialog's [512]
MODULUS_RANGE = {True: (360, 4096), False: (360, 2048)}  # 15.x, 12.4
NEED_DOMAIN = "% Please define a domain-name first.\n"
NEED_HOSTNAME = "% Please define a hostname other than Router.\n"
NEED_KEYS = "Please create RSA keys to enable SSH (and of atleast 768 bits for SSH v2).\n"


@dataclass(frozen=True)
class RsaKey:
    label: str
    modulus: int
    generated: float  # virtual time: `show crypto key mypubkey rsa` says when


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
        """The keys from saved private configuration (a line that is not a key is skipped)."""
        for line in text.splitlines():
            words = line.split()
            if len(words) != 4 or words[0] != "rsa" or not words[2].isdigit():
                continue
            try:
                generated = float(words[3])
            except ValueError:
                continue
            self.keys[words[1]] = RsaKey(words[1], int(words[2]), generated)


@handler("cfg_ip_ssh")
def ip_ssh(ctx, args):
    ssh = ctx.config.ssh
    if args.ssh_version:
        if args.negate:
            ssh.version = None
            return None
        ssh.version = args.ssh_version_number
        if ssh.version == 2 and ssh.enabled_version() is None:
            return Refused(NEED_KEYS)  # the setting is kept; SSH waits for a key
        return None
    if args.time_out:
        ssh.time_out = DEFAULT_TIME_OUT if args.negate else args.ssh_time_out
    else:
        ssh.retries = DEFAULT_RETRIES if args.negate else args.ssh_retries
    return None


@handler("cfg_crypto_key_generate")
def generate(ctx, args):
    config = ctx.config
    label = args.rsa_label
    if label is None:
        if config.system.hostname == "Router":
            return Refused(NEED_HOSTNAME)
        if not config.ip.domain_name:
            return Refused(NEED_DOMAIN)
        label = f"{config.system.hostname}.{config.ip.domain_name}"
    session = ctx.session
    train15 = ctx.device.train15
    low, high = MODULUS_RANGE[train15]
    heading = f"The name for the keys will be: {label}\n"

    def make(bits: int) -> str:
        key = RsaKey(label, bits, ctx.device.scheduler.now)
        was_on = config.ssh.enabled_version()
        config.ssh.keys[label] = key
        done = " (elapsed time was 1 seconds)" if train15 else ""
        text = f"% Generating {bits} bit RSA keys, keys will be non-exportable...\n[OK]{done}\n"
        now_on = config.ssh.enabled_version()
        if now_on and not was_on:
            ctx.device.log(f"%SSH-5-ENABLED: SSH {now_on} has been enabled")
        return text

    def sized() -> str:
        if args.rsa_modulus is not None:
            if not low <= args.rsa_modulus <= high:
                return f"% Key modulus size must be between {low} and {high} bits\n"
            return f"\n% The key modulus size is {args.rsa_modulus} bits\n" + make(args.rsa_modulus)
        choose = (
            f"Choose the size of the key modulus in the range of {low} to {high} for your\n"
            "  General Purpose Keys. Choosing a key modulus greater than 512 may take\n"
            "  a few minutes.\n\n"
        )
        prompt = f"How many bits in the modulus [{DEFAULT_MODULUS}]: "

        def answer(typed: str) -> str:
            text = typed.strip()
            if not text:
                return make(DEFAULT_MODULUS)
            if text.isdigit() and low <= int(text) <= high:
                return make(int(text))
            session.ask(prompt, answer)
            return f"% A decimal number between {low} and {high}.\n"

        session.ask(prompt, answer)
        return choose

    if label in config.ssh.keys:

        def replace(typed: str) -> str:
            if typed.strip().lower() not in ("y", "ye", "yes"):
                return ""
            return sized()

        session.ask("% Do you really want to replace them? [yes/no]: ", replace)
        return heading + f"% You already have RSA keys defined named {label}.\n"
    return heading + sized()


@handler("cfg_crypto_key_zeroize")
def zeroize(ctx, args):
    """Remove the keys (all, or the one labelled): SSH stops when its key goes."""
    ssh = ctx.config.ssh
    was_on = ssh.enabled_version()
    if args.rsa_key_name is not None:
        if ssh.keys.pop(args.rsa_key_name, None) is None:
            return Refused(f"% RSA keypair {args.rsa_key_name} is not present\n")
    else:
        ssh.keys.clear()
    if was_on and ssh.enabled_version() is None:
        ctx.device.log(f"%SSH-5-DISABLED: SSH {was_on} has been disabled")
    return None
