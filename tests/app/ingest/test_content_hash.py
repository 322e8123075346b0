"""The content hash is stored with every source record: it must stay the SHA-256 of the row's sorted, compact
JSON, or every stored row would look changed."""

import dataclasses
import enum
import hashlib
import json
import uuid
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from app.ingest.quarantine import content_hash
from tests.factories import dataverse_account, fno_organization


def _reference_hash(row) -> str:
    encoded = json.dumps(row, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)
    return hashlib.sha256(encoded.encode()).hexdigest()


class Colour(enum.Enum):
    RED = 1


@dataclasses.dataclass
class Point:
    x: int


VALUES = [
    None, True, False, 0, -1, 2**53 + 1, 2**63 - 1, -(2**63), 2**64 - 1, 2**64, 10**40,
    0.0, -0.0, 0.1, 1.5, 25000.0, 47.6062, 1e-4, 9.99e-5, 1e-5, 1.5e-10, 999999999999999.9, 1e15, 1e16,
    1.2345678901234568e17, 1e22, 5e-324, 1.7976931348623157e308, float("nan"), float("inf"), float("-inf"),
    "", "Müller & Söhne 😀 日本", "\x01\x1f\x7f\u2028\u2029\ufeff\"\\/\n\t\r\b\f",
    datetime(2026, 1, 2, 3, 4, 5), datetime(2026, 1, 2, tzinfo=UTC), date(2026, 1, 2), Decimal("1.50"),
    uuid.UUID(int=12345), Colour.RED, Point(1), (1, 2), [1, [2.5, {"b": None, "a": 1e-7}]], {"z": 1, "a": {}},
]  # fmt: skip


@pytest.mark.parametrize("value", VALUES, ids=repr)
def test_the_hash_is_the_sha256_of_the_sorted_compact_json(value):
    for row in ({"k": value, "A": 1}, {"k": [value, value]}, {"a": {"\uffff": value, "😀": 1, "\ue000": 2}}):
        assert content_hash(row) == _reference_hash(row)


def _nested(levels: int) -> dict:
    value: object = 1.5
    for level in range(levels):
        value = {"level": value} if level % 2 else [value]
    return {"deep": value}


def _outcome(hash_function, row):
    try:
        return hash_function(row)
    except (TypeError, ValueError) as error:
        return type(error), str(error)


ODD_ROWS = [{1: "a number as a key"}, {"b": 1, 2: "keys json cannot sort"}, {"lone": "\ud800"}, {}]


@pytest.mark.parametrize("row", [*ODD_ROWS, _nested(10), _nested(100)], ids=repr)
def test_odd_rows_hash_or_fail_as_json_makes_them(row):
    assert _outcome(content_hash, row) == _outcome(_reference_hash, row)


def test_stored_hashes_of_known_rows_do_not_change():
    organization = fno_organization()
    account = dataverse_account(name="Müller & Söhne GmbH", address1_latitude=47.6062, creditlimit=1e16)
    assert content_hash(organization) == "b5bc093e264d1b0cf2cae34a9f1bc7cbb20d86873ece15f8f195c45134e019a7"
    assert content_hash(account) == "da0ebed50fd38abb51d6b8b50beaf5d67b2269e2d65ef732cf84d9ac95509072"
