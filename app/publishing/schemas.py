"""Response bodies of the change feed."""

from typing import Any

from pydantic import BaseModel, Field


class EventFeed(BaseModel):
    data: list[dict[str, Any]] = Field(description="Events, oldest first, each as subscribers receive it.")
    next: str = Field(description="The cursor to pass as `after` to continue (unchanged when nothing new).")
