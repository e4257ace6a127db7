"""Where a robot's webhook may point: a public address only. A contacts file is outside text, and a
webhook the server POSTs to could otherwise reach the server itself, the cloud metadata service
(169.254.169.254) or any machine on the internal network. The host is resolved and every address it
resolves to is judged, so decimal, hexadecimal, shortened and IPv4-mapped forms of an inside address
are refused like the dotted one; the request then goes to the address judged, so a name that resolves
differently a moment later (DNS rebinding) cannot slip inside. An operator who runs a robot on the
internal network names it in GOVMEDIA_WEBHOOK_ALLOW."""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

from analytics import settings
from analytics.errors import AnalyticsError

MAX_URL = 2000

Address = ipaddress.IPv4Address | ipaddress.IPv6Address
Network = ipaddress.IPv4Network | ipaddress.IPv6Network
Resolver = Callable[[str, int], list[str]]


class RefusedTarget(AnalyticsError):
    """A webhook address the server will not send to; the message says why, never what the target said."""


class Unresolved(RefusedTarget):
    """The host name does not resolve (here, now)."""


@dataclass(frozen=True)
class Allow:
    """Hosts (by name, lower case) and networks the operator lets webhooks reach although they are inside."""
    hosts: frozenset[str] = frozenset()
    networks: tuple[Network, ...] = ()

    def admits(self, host: str, address: Address) -> bool:
        return host in self.hosts or any(address in net for net in self.networks)


NOTHING_ALLOWED = Allow()


def parse_allow(raw: str) -> Allow:
    """'robot.intranet, 10.8.0.0/16, 127.0.0.1': names and networks separated by commas or spaces;
    ValueError names the first entry that is neither."""
    hosts, networks = set(), []
    for entry in raw.replace(",", " ").split():
        try:
            networks.append(ipaddress.ip_network(entry, strict=False))
        except ValueError:
            if not _is_hostname(entry):
                raise ValueError(entry) from None
            hosts.add(entry.lower().rstrip("."))
    return Allow(frozenset(hosts), tuple(networks))


def _is_hostname(text: str) -> bool:
    labels = text.rstrip(".").split(".")
    return all(0 < len(label) <= 63 and label.replace("-", "").isalnum() and label.isascii() for label in labels)


def inside(address: Address) -> bool:
    """Loopback, private, link-local, multicast, reserved, unspecified or otherwise not global, judged
    on the IPv4 address an IPv6 one carries (mapped, 6to4, Teredo) as well."""
    if isinstance(address, ipaddress.IPv6Address):
        carried = [a for a in (address.ipv4_mapped, address.sixtofour, address.teredo and address.teredo[1]) if a]
        if any(inside(a) for a in carried):
            return True
    return (not address.is_global or address.is_multicast or address.is_reserved or address.is_loopback
            or address.is_link_local or address.is_private or address.is_unspecified)


def resolve(host: str, port: int) -> list[str]:
    return sorted({info[4][0] for info in socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)})


@dataclass(frozen=True)
class Target:
    scheme: str
    host: str
    port: int
    path: str
    address: str  # the judged address the request is sent to


def _refused(zh: str, en: str) -> RefusedTarget:
    return RefusedTarget(f"Webhook 地址不可用：{zh}", f"webhook address refused: {en}")


def shape(url: str) -> tuple[str, str, int, str]:
    """(scheme, host, port, path with query) of a well-formed http(s) address without credentials."""
    if len(url) > MAX_URL or any(c.isspace() or ord(c) < 32 for c in url):
        raise _refused("地址过长或含空白字符", "too long or holds white space")
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise _refused("不是完整的网址", "not a well-formed address") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise _refused("应是 http:// 或 https:// 开头的完整地址", "a webhook is a full http:// or https:// address")
    if "@" in parts.netloc:
        raise _refused("地址中不得包含用户名或密码", "an address must not carry a user name or password")
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return parts.scheme, parts.hostname.lower().rstrip("."), port or (443 if parts.scheme == "https" else 80), path


def masked(url: str) -> str:
    """The address as people may see it: scheme and host only. A robot's key sits in its path or query
    (企业微信 ?key=, 钉钉 ?access_token=, 飞书 /hook/<token>), and whoever holds it can post as the robot."""
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
    except ValueError:
        return "…"
    if parts.scheme not in ("http", "https") or not host:
        return "…"
    rest = "/…" if (parts.path not in ("", "/") or parts.query) else ""
    return f"{parts.scheme}://{host}{rest}"


def vet(url: str, allow: Allow = NOTHING_ALLOWED, resolver: Resolver = resolve) -> Target:
    """The target to send to, after judging every address the host resolves to; RefusedTarget otherwise."""
    scheme, host, port, path = shape(url)
    try:
        addresses = resolver(host, port)
    except (OSError, UnicodeError):
        addresses = []
    if not addresses:
        raise Unresolved("Webhook 地址不可用：主机名无法解析", "webhook address refused: the host name does not resolve")
    for text in addresses:
        address = ipaddress.ip_address(text.split("%", 1)[0])
        if inside(address) and not allow.admits(host, address):
            raise _refused("指向本机或内部网络（回环、私有、链路本地、组播或保留地址）；如确需使用，请由运维人员在 "
                           "GOVMEDIA_WEBHOOK_ALLOW 中列出",
                           "it points at this machine or an internal network (loopback, private, link-local, "
                           "multicast or reserved); an operator may list it in GOVMEDIA_WEBHOOK_ALLOW")
    return Target(scheme, host, port, path, addresses[0])


def problem(url: str, allow: Allow = NOTHING_ALLOWED, resolver: Resolver = resolve) -> RefusedTarget | None:
    """Why a contacts file's webhook is refused, or None. A name that does not resolve here is kept
    (the server may be offline while the list is prepared); sending judges it again."""
    try:
        vet(url, allow, resolver)
    except Unresolved:
        return None
    except RefusedTarget as exc:
        return exc
    return None


def configured() -> Allow:
    """The operator's GOVMEDIA_WEBHOOK_ALLOW."""
    raw = settings.get("GOVMEDIA_WEBHOOK_ALLOW")
    try:
        return parse_allow(raw)
    except ValueError:
        raise settings.invalid("GOVMEDIA_WEBHOOK_ALLOW", raw) from None
