"""Judge an external address without the network: its form, its scheme and its host."""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterable
from urllib.parse import SplitResult, urlsplit

DANGEROUS_SCHEMES = frozenset({"javascript", "data", "file", "vbscript"})
"""Schemes that run code or read the reader's own files: never in content."""

ALLOWED_SCHEMES = frozenset({"https", "http", "mailto"})

_LOCAL_SUFFIXES = (".local", ".localhost", ".internal", ".home.arpa")


def is_windows_path(url: str) -> bool:
    """`C:/Users/...` or `\\\\server\\share`: a path on someone's computer, not a URL scheme."""
    return bool(re.match(r"\A(?:[A-Za-z]:[\\/]|\\\\)", url))


def is_external(url: str) -> bool:
    """Has a scheme or a host: not a path to a page of the site."""
    if is_windows_path(url):
        return False
    try:
        parts = urlsplit(url)
    except ValueError:
        return True
    return bool(parts.scheme or parts.netloc)


def unsafe_reason(url: str) -> str | None:
    """Why `url` must not be in the content (bad form, dangerous scheme, private host), or None."""
    if any(ch.isspace() for ch in url):
        return f"'{url}' is not a well-formed URL (it contains white space)"
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError on a port that is not a number
    except ValueError as error:
        return f"'{url}' is not a well-formed URL ({error})"
    scheme = parts.scheme.lower()
    if scheme in DANGEROUS_SCHEMES:
        return f"the '{scheme}:' scheme is not allowed in content"
    if scheme not in ALLOWED_SCHEMES:
        return f"'{url}' has the scheme '{scheme or '(none)'}:'; links to other sites use https://"
    if scheme == "mailto":
        return None
    if not parts.hostname:
        return f"'{url}' is not a well-formed URL (it has no host)"
    private = private_host_reason(parts)
    return f"'{url}' points to {private}; readers cannot reach it" if private else None


def private_host_reason(parts: SplitResult) -> str | None:
    """'a loopback address', 'a private address'... when the host is not on the public internet."""
    host = (parts.hostname or "").rstrip(".").lower()
    if host == "localhost" or host.endswith(_LOCAL_SUFFIXES):
        return f"the local host name '{host}'"
    address = _ip_address(host)
    if address is None:
        return None
    for kind, flag in (("a loopback", address.is_loopback), ("a link-local", address.is_link_local),
                       ("an unspecified", address.is_unspecified), ("a private", address.is_private),
                       ("a reserved", address.is_reserved), ("a multicast", address.is_multicast)):
        if flag:
            return f"{kind} address ({address})"
    return None


def _ip_address(host: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(host)
    except ValueError:
        pass
    if host.isdigit():  # http://2130706433/ is 127.0.0.1 to a browser
        try:
            return ipaddress.ip_address(int(host))
        except ValueError:
            return None
    return None


def is_insecure(url: str, exceptions: Iterable[str]) -> bool:
    """Plain http to a host not declared in `extra.kb.http_exceptions`."""
    parts = urlsplit(url)
    if parts.scheme.lower() != "http":
        return False
    host = (parts.hostname or "").lower()
    return not any(host == allowed or host.endswith("." + allowed) for allowed in (e.lower() for e in exceptions))
