"""Every table of the hub; importing this package registers them all on `metadata`."""

from sqlmodel import SQLModel

from models.audit import AuditEntry
from models.base import NAMING_CONVENTION, JSONType, UTCDateTime, utc_now
from models.golden_record import (
    GoldenOverride,
    GoldenRecord,
    GoldenRecordLink,
    GoldenRecordVersion,
    GoldenSearchTerm,
)
from models.match import BlockingKey, CannotLink, MatchFeatures, MatchPair, MatchSettings, MustLink
from models.outbox import OutboxEvent
from models.reference import ReferenceValue
from models.rejection import Rejection
from models.source_record import SourceRecord

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
    "ReferenceValue",
    "Rejection",
    "SourceRecord",
    "UTCDateTime",
    "metadata",
    "utc_now",
]
