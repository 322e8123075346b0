"""Webhook subscriptions and their deliveries (one per event a subscription wants)."""

from datetime import datetime

from sqlalchemy import Index
from sqlmodel import Field, SQLModel

from models.base import JSONType, UTCDateTime, utc_now


class Subscription(SQLModel, table=True):
    __tablename__ = "subscriptions"

    id: str = Field(primary_key=True, max_length=36)
    url: str = Field(max_length=2048)
    description: str = Field(default="", max_length=500)
    event_types: list[str] = Field(default_factory=list, sa_type=JSONType, description="Empty: every type.")
    companies: list[str] = Field(default_factory=list, sa_type=JSONType, description="Empty: every company.")
    secret: str = Field(max_length=128)
    previous_secret: str | None = Field(default=None, max_length=128)
    previous_secret_until: datetime | None = Field(default=None, sa_type=UTCDateTime)
    status: str = Field(default="active", max_length=16, description="active or disabled")
    disabled_reason: str | None = Field(default=None, max_length=500)
    position: int = Field(default=0, description="The last outbox event turned into deliveries.")
    created_by: str = Field(max_length=128)
    created_at: datetime = Field(default_factory=utc_now, sa_type=UTCDateTime)


class WebhookDelivery(SQLModel, table=True):
    __tablename__ = "webhook_deliveries"
    __table_args__ = (
        Index("ix_webhook_deliveries_due", "status", "next_attempt_at"),
        Index("ix_webhook_deliveries_order", "subscription_id", "golden_id", "outbox_event_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    subscription_id: str = Field(foreign_key="subscriptions.id", max_length=36)
    outbox_event_id: int = Field(foreign_key="outbox_events.id")
    event_id: str = Field(max_length=36)
    golden_id: str = Field(max_length=36)
    status: str = Field(default="pending", max_length=16, description="pending, delivered or dead")
    attempts: int = 0
    next_attempt_at: datetime = Field(sa_type=UTCDateTime)
    lease_until: datetime | None = Field(default=None, sa_type=UTCDateTime)
    last_status_code: int | None = None
    last_error: str | None = Field(default=None, max_length=1000)
    delivered_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    created_at: datetime = Field(default_factory=utc_now, sa_type=UTCDateTime)
