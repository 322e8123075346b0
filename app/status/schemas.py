from pydantic import BaseModel, Field


class PendingWork(BaseModel):
    matching: int = Field(description="Records waiting to be re-scored or re-clustered.")
    outbox: int = Field(description="Events and outbound writes waiting for delivery.")


class StatusPublic(BaseModel):
    status: str
    pending: PendingWork
