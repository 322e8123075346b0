"""Connectors built from the settings (api.md "Configuration")."""

from typing import Any

from app.connectors.auth import EntraIdToken, StaticToken
from app.connectors.base import Connector
from app.connectors.dataverse import DataverseConnector
from app.connectors.fno import FnoConnector
from app.connectors.odata import TokenProvider
from app.core.config import Settings
from app.maps.types import DATAVERSE, FNO


class NotConfigured(RuntimeError):
    pass


def token_provider_for(system: str, settings: Settings) -> TokenProvider:
    """The static token when one is set, otherwise Entra ID client credentials for the system's URL."""
    url = getattr(settings, f"{system}_url")
    token = getattr(settings, f"{system}_token")
    if token:
        return StaticToken(token)
    credentials = [
        getattr(settings, f"{system}_{part}") for part in ("tenant_id", "client_id", "client_secret")
    ]
    if url and all(credentials):
        tenant_id, client_id, client_secret = credentials
        return EntraIdToken(tenant_id, client_id, client_secret, url)
    prefix = f"MDM_{system.upper()}"
    raise NotConfigured(
        f"{system}: set {prefix}_TOKEN, or {prefix}_TENANT_ID, {prefix}_CLIENT_ID and {prefix}_CLIENT_SECRET"
    )


def connector_for(system: str, settings: Settings, **options: Any) -> Connector:
    """The connector of `fno` or `dataverse`; `options` go to its constructor (companies, page_size,
    max_concurrency, timeout...)."""
    if system not in (FNO, DATAVERSE):
        raise ValueError(f"unknown system {system!r}")
    url = getattr(settings, f"{system}_url")
    if not url:
        raise NotConfigured(f"{system}: set MDM_{system.upper()}_URL")
    token_provider = token_provider_for(system, settings)
    if system == FNO:
        return FnoConnector(url, token_provider, **options)
    return DataverseConnector(url, token_provider, **options)
