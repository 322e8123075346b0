"""How far each publisher has delivered the outbox: the id of the last event its destination confirmed."""

from datetime import datetime

from sqlmodel import Field, SQLModel

from models.base import UTCDateTime, utc_now


class PublishingCursor(SQLModel, table=True):
    """One row per destination (`rabbitmq`, ...); its row lock serialises that destination's publishers."""

    __tablename__ = "publishing_cursors"

    name: str = Field(primary_key=True, max_length=64)
    position: int = Field(default=0, description="The outbox id of the last event the destination confirmed.")
    updated_at: datetime = Field(default_factory=utc_now, sa_type=UTCDateTime)
