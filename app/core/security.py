"""API keys and roles from `MDM_API_KEYS` (api.md "Authentication")."""

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from app.core.errors import Forbidden, Unauthorized


class Role(StrEnum):
    READER = "reader"
    STEWARD = "steward"
    CONNECTOR = "connector"
    ADMIN = "admin"


class Permission(StrEnum):
    READ = "read"
    INGEST = "ingest"
    STEWARD = "steward"
    ADMIN = "admin"


ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.READER: frozenset({Permission.READ}),
    Role.CONNECTOR: frozenset({Permission.READ, Permission.INGEST}),
    Role.STEWARD: frozenset({Permission.READ, Permission.STEWARD}),
    Role.ADMIN: frozenset(Permission),
}


@dataclass(frozen=True)
class Principal:
    name: str
    role: Role

    def may(self, permission: Permission) -> bool:
        return permission in ROLE_PERMISSIONS[self.role]


class ApiKeyConfigError(ValueError):
    pass


def key_digest(key: str) -> str:
    """How a key is looked up: its SHA-256, so the key itself is never kept."""
    return hashlib.sha256(key.encode()).hexdigest()


def parse_api_keys(spec: str) -> dict[str, Principal]:
    """Parse `key:role[:name],...` into principals indexed by the key's SHA-256 digest."""
    principals: dict[str, Principal] = {}
    for entry in (part.strip() for part in spec.split(",")):
        if not entry:
            continue
        key, _, rest = entry.partition(":")
        role_text, _, name = rest.partition(":")
        if not key or not role_text:
            raise ApiKeyConfigError(f"MDM_API_KEYS entry {entry[:4]}... must be key:role or key:role:name")
        try:
            role = Role(role_text.strip())
        except ValueError:
            allowed = ", ".join(role.value for role in Role)
            raise ApiKeyConfigError(
                f"MDM_API_KEYS: unknown role {role_text!r} (allowed: {allowed})"
            ) from None
        principals[key_digest(key)] = Principal(name=name.strip() or f"{role.value}:{key[:4]}", role=role)
    return principals


_bearer = HTTPBearer(auto_error=False, description="An API key from MDM_API_KEYS.")


async def get_principal(
    request: Request, credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]
) -> Principal:
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise Unauthorized("An API key is required: send 'Authorization: Bearer <key>'.")
    principal = request.app.state.principals.get(key_digest(credentials.credentials))
    if principal is None:
        raise Unauthorized("The API key is not valid.")
    return principal


def require(permission: Permission) -> Callable[..., Principal]:
    """Dependency factory: the caller's principal, if its role grants `permission`."""

    async def check(principal: Annotated[Principal, Depends(get_principal)]) -> Principal:
        if not principal.may(permission):
            raise Forbidden(f"Role '{principal.role.value}' may not do this (needs '{permission.value}').")
        return principal

    return check


CurrentPrincipal = Annotated[Principal, Depends(get_principal)]
