"""Every table of the hub; importing this package registers them all on `metadata`."""

from sqlmodel import SQLModel

from models.base import NAMING_CONVENTION, JSONType, UTCDateTime, utc_now
from models.golden_record import (
    GoldenOverride,
    GoldenRecord,
    GoldenRecordLink,
    GoldenRecordVersion,
    GoldenSearchTerm,
)
from models.match import BlockingKey, CannotLink, MatchFeatures, MatchPair, MatchSettings
from models.reference import ReferenceValue
from models.rejection import Rejection
from models.source_record import SourceRecord

metadata = SQLModel.metadata

__all__ = [
    "NAMING_CONVENTION",
    "BlockingKey",
    "CannotLink",
    "MatchFeatures",
    "MatchPair",
    "MatchSettings",
    "GoldenRecord",
    "GoldenOverride",
    "GoldenRecordLink",
    "GoldenRecordVersion",
    "GoldenSearchTerm",
    "JSONType",
    "ReferenceValue",
    "Rejection",
    "SourceRecord",
    "UTCDateTime",
    "metadata",
    "utc_now",
]
