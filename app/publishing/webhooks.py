"""Webhook deliveries on the wire: Standard Webhooks signatures, and which URLs a webhook may reach."""

import base64
import ipaddress
import json
import secrets
import socket
from dataclasses import dataclass
from datetime import datetime
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urlsplit

import httpx
from standardwebhooks.webhooks import Webhook

SECRET_PREFIX = "whsec_"
TIMEOUT_SECONDS = 10.0


def new_secret() -> str:
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(32)).decode()


def signature_header(secrets_in_use: list[str], event_id: str, at: datetime, body: str) -> str:
    """`v1,<sig>` for each secret in use: during a rotation both the new and the previous one sign."""
    return " ".join(Webhook(secret).sign(event_id, at, body) for secret in secrets_in_use)


def body_of(payload: dict[str, Any]) -> str:
    return json.dumps(payload, separators=(",", ":"), sort_keys=True, default=str)


class UnsafeUrl(ValueError):
    pass


def check_url(url: str, allow: str) -> None:
    """Refuse URLs that are not http(s) or that resolve to loopback, private, link-local or otherwise
    internal addresses, unless MDM_WEBHOOK_ALLOW_HOSTS (hosts or CIDR ranges) permits them."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UnsafeUrl("must be an http or https URL with a host")
    host = parts.hostname.lower()
    allowed_hosts, allowed_networks = _allow_list(allow)
    if host in allowed_hosts:
        return
    try:
        infos = socket.getaddrinfo(host, parts.port or (443 if parts.scheme == "https" else 80))
    except socket.gaierror as error:
        raise UnsafeUrl(f"host {host!r} does not resolve") from error
    for info in infos:
        address = ipaddress.ip_address(info[4][0])
        internal = (
            address.is_private
            or address.is_loopback
            or address.is_link_local
            or address.is_reserved
            or address.is_multicast
            or address.is_unspecified
        )
        if internal and not any(address in network for network in allowed_networks):
            raise UnsafeUrl(
                f"{host} resolves to the internal address {address}; MDM_WEBHOOK_ALLOW_HOSTS can permit it"
            )


def _allow_list(allow: str) -> tuple[set[str], list[ipaddress.IPv4Network | ipaddress.IPv6Network]]:
    hosts: set[str] = set()
    networks: list[ipaddress.IPv4Network | ipaddress.IPv6Network] = []
    for entry in (item.strip().lower() for item in allow.split(",")):
        if not entry:
            continue
        try:
            networks.append(ipaddress.ip_network(entry, strict=False))
        except ValueError:
            hosts.add(entry)
    return hosts, networks


@dataclass(frozen=True)
class Attempt:
    status_code: int | None
    retry_after: float | None
    error: str | None

    @property
    def delivered(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300


def send(client: httpx.Client, url: str, event_id: str, at: datetime, body: str, signature: str) -> Attempt:
    headers = {
        "content-type": "application/json",
        "webhook-id": event_id,
        "webhook-timestamp": str(int(at.timestamp())),
        "webhook-signature": signature,
    }
    try:
        response = client.post(url, content=body, headers=headers, timeout=TIMEOUT_SECONDS)
    except httpx.HTTPError as error:
        return Attempt(None, None, f"{type(error).__name__}: {error}"[:1000])
    error = None if response.is_success else response.text[:1000]
    return Attempt(response.status_code, _retry_after(response.headers.get("retry-after")), error)


def _retry_after(value: str | None) -> float | None:
    if not value:
        return None
    try:
        return max(float(value), 0.0)
    except ValueError:
        try:
            moment = parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return None
        return max((moment - datetime.now(moment.tzinfo)).total_seconds(), 0.0)
