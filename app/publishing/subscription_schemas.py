"""Request and response bodies of webhook subscriptions."""

from datetime import datetime

from pydantic import BaseModel, Field

from app.publishing.events import EVENT_TYPES


class SubscriptionCreate(BaseModel):
    url: str = Field(max_length=2048, description="Where deliveries are POSTed (http or https).")
    event_types: list[str] = Field(
        default_factory=list, description=f"Any of {', '.join(EVENT_TYPES)}; empty: all."
    )
    companies: list[str] = Field(default_factory=list, description="Company codes; empty: every company.")
    description: str = Field(default="", max_length=500)


class SubscriptionUpdate(BaseModel):
    url: str | None = Field(default=None, max_length=2048)
    event_types: list[str] | None = None
    companies: list[str] | None = None
    description: str | None = Field(default=None, max_length=500)
    status: str | None = Field(
        default=None, pattern="^(active|disabled)$", description="active re-enables it."
    )


class SubscriptionPublic(BaseModel):
    id: str
    url: str
    description: str
    event_types: list[str]
    companies: list[str]
    status: str
    disabled_reason: str | None
    created_by: str
    created_at: datetime
    previous_secret_until: datetime | None = Field(description="Until then the previous secret also signs.")


class SubscriptionWithSecret(SubscriptionPublic):
    secret: str = Field(description="The signing secret (`whsec_...`); shown only now.")


class DeadLetterPublic(BaseModel):
    id: int
    event_id: str
    golden_id: str
    attempts: int
    last_status_code: int | None
    last_error: str | None
    created_at: datetime


class ReplayRequest(BaseModel):
    delivery_ids: list[int] | None = Field(default=None, description="Only these; all when omitted.")


class ReplayResult(BaseModel):
    replayed: int
