"""Runtime configuration, read from `MDM_*` environment variables (api.md "Configuration")."""

from functools import lru_cache
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_DATABASE_URL = "sqlite:///./mdm.db"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="MDM_", extra="ignore")

    database_url: str = DEFAULT_DATABASE_URL
    api_keys: str = Field(default="", description="Comma-separated `key:role` or `key:role:name` entries.")

    ingest_max_rows: int = Field(default=10_000, gt=0)
    ingest_max_bytes: int = Field(default=64 * 1024 * 1024, gt=0)
    sqlite_busy_timeout_ms: int = Field(default=30_000, ge=0)
    background_matching: bool = Field(
        default=True,
        description="Re-estimate the match model as the store grows and re-score in the background.",
    )
    company_regions: str = Field(
        default="",
        description="Phone regions of companies, `usmf:US,demf:DE`; default: the code's first letters.",
    )
    survivorship_rules_file: Path | None = Field(
        default=None, description="A survivorship rules file to use instead of the packaged default."
    )

    fno_url: str | None = None
    fno_token: str | None = None
    fno_tenant_id: str | None = None
    fno_client_id: str | None = None
    fno_client_secret: str | None = None
    dataverse_url: str | None = None
    dataverse_token: str | None = None
    dataverse_tenant_id: str | None = None
    dataverse_client_id: str | None = None
    dataverse_client_secret: str | None = None
    connector_concurrency: int = Field(default=4, gt=0, description="Requests in flight per system.")
    connector_page_size: int = Field(default=1000, gt=0, le=5000, description="Rows per page asked for.")
    sync_interval_seconds: float = Field(
        default=2.0, gt=0, description="How often `mdm worker` polls both systems for changes."
    )
    publish_create: str = Field(
        default="*",
        description="Where golden records missing on one side are created there: `company:entity_set` "
        "patterns (`*` everywhere, `usmf:accounts,demf:*`, empty for nowhere).",
    )
    rabbitmq_url: str | None = None
    rabbitmq_exchange: str = Field(
        default="mdm.golden", description="The durable topic exchange events go to."
    )
    webhook_allow_hosts: str = ""
    console_secret: str | None = Field(
        default=None,
        description="Signs the console's session cookies; a random one per process when unset (a restart "
        "then signs everyone out).",
    )
    console_session_minutes: int = Field(default=480, gt=0, description="How long a console sign-in lasts.")


@lru_cache
def get_settings() -> Settings:
    return Settings()
