"""Global configuration of the device itself: hostname, enable secret/password,
service password-encryption, local users and the MOTD banner."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from iosemu.config.passwords import Password, new_secret
from iosemu.config.registry import Refused, handler

ALGORITHMS = {"md5": 5, "sha256": 8, "scrypt": 9}
# A host name as IOS wants it (RFC 1035's label): others are warned about, and taken.
HOSTNAME = re.compile(r"[A-Za-z]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?")
ILLEGAL_HOSTNAME = "% Hostname contains one or more illegal characters. \n"


@dataclass
class User:
    name: str
    privilege: int | None = None
    password: Password | None = None  # `password` form (type 0 or 7)
    secret: Password | None = None  # `secret` form (type 5, 8 or 9)

    def accepts(self, typed: str) -> bool:
        """Whether `typed` is this user's secret or password."""
        kept = self.secret or self.password
        return kept is not None and kept.matches(typed)

    def line(self) -> str:
        privilege = f" privilege {self.privilege}" if self.privilege is not None else ""
        if self.secret:
            return f"username {self.name}{privilege} secret {self.secret.line()}"
        return f"username {self.name}{privilege} password {self.password.line()}"


@dataclass
class SystemConfig:
    hostname: str = "Router"
    enable_secret: Password | None = None
    enable_password: Password | None = None
    password_encryption: bool = False
    users: dict[str, User] = field(default_factory=dict)
    banner_motd: str | None = None
    banner_login: str | None = None  # kept and written; shown before a login prompt

    def service_lines(self) -> list[str]:
        prefix = "" if self.password_encryption else "no "
        return [f"{prefix}service password-encryption"]

    def enable_lines(self) -> list[str]:
        lines = []
        if self.enable_secret:
            lines.append(f"enable secret {self.enable_secret.line()}")
        if self.enable_password:
            text = self.enable_password
            lines.append(f"enable password {text.text if text.type == 0 else text.line()}")
        return lines

    def user_lines(self) -> list[str]:
        return [user.line() for user in self.users.values()]

    def banner_lines(self) -> list[str]:
        """IOS writes the login banner before the MOTD."""
        banners = (("login", self.banner_login), ("motd", self.banner_motd))
        return [f"banner {kind} ^C{text}^C" for kind, text in banners if text is not None]


def stored_password(ctx, args, plain: str) -> Password:
    """A `password` argument as IOS keeps it: type 7 as given, clear text unless encrypting."""
    if args.type_7:
        return Password(7, plain)
    password = Password(0, plain)
    return password.encrypted(ctx.device.rng) if ctx.config.system.password_encryption else password


def stored_secret(ctx, args, plain: str | None, algorithm: int) -> Password:
    for kind in (5, 8, 9):
        if getattr(args, f"type_{kind}"):
            return Password(kind, args.hashed_secret)
    return new_secret(algorithm, plain, ctx.device.rng)


@handler("cfg_hostname")
def hostname(ctx, args):
    ctx.config.system.hostname = "Router" if args.negate else args.host_name
    if not args.negate and not HOSTNAME.fullmatch(args.host_name) and not ctx.session.loading:
        return ILLEGAL_HOSTNAME  # a warning: the name is taken (a startup-config's is not refused)
    return None


@handler("cfg_enable_secret")
def enable_secret(ctx, args):
    system = ctx.config.system
    if args.negate:
        system.enable_secret = None
        return None
    algorithm = next((n for a, n in ALGORITHMS.items() if getattr(args, a)), 5)
    secret = stored_secret(ctx, args, args.enable_secret, algorithm)
    if system.enable_password and system.enable_password.matches(args.enable_secret or ""):
        system.enable_secret = secret
        return (
            "The enable secret you have chosen is the same as your enable password.\n"
            "This is not recommended.  Re-enter the enable secret.\n\n"
        )
    system.enable_secret = secret
    return None


@handler("cfg_enable_password")
def enable_password(ctx, args):
    system = ctx.config.system
    if args.negate:
        system.enable_password = None
        return None
    system.enable_password = stored_password(ctx, args, args.enable_password)
    if system.enable_secret and system.enable_secret.matches(args.enable_password):
        return (
            "The enable password you have chosen is the same as your enable secret.\n"
            "This is not recommended.  Re-enter the enable password.\n\n"
        )
    return None


@handler("cfg_service_password_encryption")
def service_password_encryption(ctx, args):
    system = ctx.config.system
    system.password_encryption = not args.negate
    if system.password_encryption:
        ctx.config.encrypt_passwords(ctx.device.rng)


@handler("cfg_username")
def username(ctx, args):
    old = ctx.config.system.users.get(args.user_name)
    if old is not None and bool(old.secret) != bool(args.secret):
        return Refused(
            "ERROR: Can not have both a user password and a user secret.\nPlease choose one or the other.\n"
        )
    user = User(args.user_name, args.priv_level)
    if args.secret:
        user.secret = stored_secret(ctx, args, args.user_secret, 5)
    else:
        user.password = stored_password(ctx, args, args.user_password)
    ctx.config.system.users[user.name] = user


@handler("cfg_no_username")
def no_username(ctx, args):
    ctx.config.system.users.pop(args.user_name, None)


@handler("cfg_banner_motd")
def banner(ctx, args):
    """`banner motd|login c text c`: the text on the line, or the lines that follow it."""
    system = ctx.config.system
    kind = "banner_login" if args.banner_login else "banner_motd"
    if args.negate:
        setattr(system, kind, None)
        return None
    text = args.banner_text
    # A saved config spells the delimiter ^C; typed by hand it is any one character.
    size = 2 if text.startswith("^C") else 1
    delimiter, body = text[:size], text[size:]
    if delimiter in body:
        setattr(system, kind, body[: body.index(delimiter)])
        return None
    return ctx.session.collect_banner(delimiter, body, lambda banner: setattr(system, kind, banner))
