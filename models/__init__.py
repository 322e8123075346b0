"""Every table of the hub; importing this package registers them all on `metadata`."""

from sqlmodel import SQLModel

from models.audit import AuditEntry
from models.base import NAMING_CONVENTION, JSONType, UTCDateTime, utc_now
from models.connector_sync import OutboundWrite, SyncState
from models.golden_record import (
    GoldenOverride,
    GoldenRecord,
    GoldenRecordLink,
    GoldenRecordVersion,
    GoldenSearchTerm,
)
from models.match import BlockingKey, CannotLink, MatchFeatures, MatchPair, MatchSettings, MustLink
from models.outbox import OutboxEvent
from models.publishing_cursor import PublishingCursor
from models.reference import ReferenceValue
from models.rejection import Rejection
from models.relationship import RelationshipEdge, RelationshipKey
from models.source_record import SourceRecord
from models.subscription import Subscription, WebhookDelivery

metadata = SQLModel.metadata

__all__ = [
    "NAMING_CONVENTION",
    "AuditEntry",
    "BlockingKey",
    "CannotLink",
    "MatchFeatures",
    "MatchPair",
    "MatchSettings",
    "MustLink",
    "GoldenRecord",
    "GoldenOverride",
    "GoldenRecordLink",
    "GoldenRecordVersion",
    "GoldenSearchTerm",
    "JSONType",
    "OutboxEvent",
    "OutboundWrite",
    "PublishingCursor",
    "ReferenceValue",
    "RelationshipEdge",
    "RelationshipKey",
    "Rejection",
    "SourceRecord",
    "SyncState",
    "Subscription",
    "UTCDateTime",
    "WebhookDelivery",
    "metadata",
    "utc_now",
]
