"""Writers of the export formats `mdm load` reads, built from rows in the native schemas (the seed's, or
benchmarks/datagen.py's), as dual-write-reference.md section 6 describes them:

- `write_fno_package`: a data management package zip: Manifest.xml and PackageHeader.xml (UTF-16, as D365
  writes them) and one CSV per entity named after its label, header row of field names in upper case;
- `fno_csv`: one such CSV;
- `SynapseExport`: a Synapse Link folder: model.json with each table's attributes in order and its partitions
  (absolute storage URLs), per-table folders of header-less CSV partitions, the system columns, lookups as
  GUID columns, the referenced `cdm_company` and `transactioncurrency` tables, append-only versions, deletions
  and incremental time-stamped folders.
"""

import csv
import io
import json
import uuid
import zipfile
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from app.connectors.schema import DATAVERSE_ENTITIES, dataverse_entity

Row = dict[str, Any]
DM_NAMESPACE = "http://schemas.microsoft.com/dynamics/2015/01/DataManagement"
FNO_ENTITIES = {  # entity set -> (label, AOT name)
    "CustomersV3": ("Customers V3", "CustCustomerV3Entity"),
    "CDSContactPersonsV2": ("CDS Contacts V2", "smmContactPersonCDSV2Entity"),
    "CustomerGroups": ("Customer groups", "CustCustomerGroupEntity"),
    "CustomerPaymentMethods": ("Customer payment methods", "CustomerPaymentMethodEntity"),
    "PaymentSchedules": ("Payment schedules", "PaymentScheduleEntity"),
    "PaymentScheduleLines": ("Payment schedule lines", "PaymentScheduleLineEntity"),
    "PaymentDaysCds": ("Payment days CDS", "PaymentDayCDSEntity"),
    "PaymentDayLinesCdsV2": ("Payment day lines CDS V2", "PaymentDayLineCDSV2Entity"),
    "PaymentTerms": ("Terms of payment", "PaymentTermEntity"),
    "NameAffixes": ("Name affixes", "DirNameAffixEntity"),
    "RetailLoyaltyCards": ("Loyalty cards", "RetailLoyaltyCardEntity"),
}


# --- F&O -------------------------------------------------------------------------------------------------
def fno_header(rows: list[Row]) -> list[str]:
    """Every field the rows carry, in their order, with dataAreaId last as the exports put it."""
    names = list(dict.fromkeys(name for row in rows for name in row))
    if "dataAreaId" in names:
        names.remove("dataAreaId")
        names.append("dataAreaId")
    return names


def fno_csv(rows: list[Row], delimiter: str = ",", header: list[str] | None = None) -> str:
    header = header or fno_header(rows)
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow([name.upper() for name in header])
    for row in rows:
        writer.writerow(["" if row.get(name) is None else str(row[name]) for name in header])
    return out.getvalue()


def manifest_xml(entries: list[tuple[str, str, list[str]]]) -> str:
    """A package manifest: (label, AOT name, upper-case fields) per entity."""
    parts = [
        '<?xml version="1.0" encoding="utf-16"?>',
        f'<DataManagementPackageManifest xmlns:i="http://www.w3.org/2001/XMLSchema-instance" '
        f'xmlns="{DM_NAMESPACE}">',
        "  <DefinitionGroupName>Customer master initial load</DefinitionGroupName>",
        "  <Description>Export for the MDM hub</Description>",
        "  <PackageEntityList>",
    ]
    for level, (label, aot, fields) in enumerate(entries, start=1):
        maps = "".join(
            "        <DataManagementPackageEntityMapData>"
            f"<EntityField>{field}</EntityField><XMLField>{field}</XMLField>"
            "</DataManagementPackageEntityMapData>\n"
            for field in fields
        )
        parts += [
            "    <DataManagementPackageEntityData>",
            "      <DefaultRefreshType>FullPush</DefaultRefreshType>",
            "      <Disable>false</Disable>",
            f"      <EntityMapList>\n{maps}      </EntityMapList>",
            f"      <EntityName>{escape(label)}</EntityName>",
            "      <ExecutionUnit>1</ExecutionUnit>",
            f"      <LevelInExecutionUnit>{level}</LevelInExecutionUnit>",
            "      <SourceFormat>CSV</SourceFormat>",
            f"      <TargetEntity>{aot.upper()}</TargetEntity>",
            "    </DataManagementPackageEntityData>",
        ]
    parts += [
        "  </PackageEntityList>",
        "  <OperationType>Export</OperationType>",
        "</DataManagementPackageManifest>",
    ]
    return "\r\n".join(parts)


PACKAGE_HEADER = (
    '<?xml version="1.0" encoding="utf-16"?>\r\n'
    '<DataManagementPackageHeader xmlns:i="http://www.w3.org/2001/XMLSchema-instance" '
    f'xmlns="{DM_NAMESPACE}">'
    "<Description>Customer master initial load</Description>"
    "<ManifestType>Microsoft.Dynamics.AX.Framework.Tools.DataManagement.Serialization."
    "DataManagementPackageManifest</ManifestType><PackageType>DefinitionGroup</PackageType>"
    "<PackageVersion>2</PackageVersion></DataManagementPackageHeader>"
)


def write_fno_package(
    path: Path,
    tables: dict[str, list[Row]],
    *,
    delimiter: str = ",",
    unlisted: frozenset[str] = frozenset(),
    file_names: dict[str, str] | None = None,
    extra_files: dict[str, str] | None = None,
) -> Path:
    """A package zip of the entity sets' rows. `unlisted` entity sets have no manifest entry; `file_names`
    names some files otherwise than by their label; `extra_files` adds files as they are."""
    file_names = file_names or {}
    entries = []
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for entity_set, rows in tables.items():
            label, aot = FNO_ENTITIES[entity_set]
            header = fno_header(rows)
            if entity_set not in unlisted:
                entries.append((label, aot, [name.upper() for name in header]))
            archive.writestr(file_names.get(entity_set, f"{label}.csv"), fno_csv(rows, delimiter, header))
        for name, content in (extra_files or {}).items():
            archive.writestr(name, content)
        archive.writestr("Manifest.xml", manifest_xml(entries).encode("utf-16"))
        archive.writestr("PackageHeader.xml", PACKAGE_HEADER.encode("utf-16"))
    return path


# --- Dataverse Synapse Link ----------------------------------------------------------------------------
STORAGE = "https://mdmexport.dfs.core.windows.net/dataverse-contoso"
NAMESPACE = uuid.UUID("6f1c2f6e-4a59-4b1f-9d0c-0f4f3c1d2e7a")
CURRENCY_SET, COMPANY_SET = "transactioncurrencies", "cdm_companies"


@dataclass(frozen=True)
class Line:
    """One line of a table: a row version (append-only exports write several), or a deletion."""

    row: Row
    version: int = 1
    deleted: bool = False


def _table(entity_set: str) -> str:
    return dataverse_entity(entity_set).primary_key.removesuffix("id")


def _company(row: Row) -> str | None:
    company = row.get("msdyn_company")
    return company.get("cdm_companycode") if isinstance(company, dict) else None


@cache
def _target_keys(entity_set: str) -> tuple[str, ...]:
    """The columns other tables' lookups name this table's rows by."""
    return tuple(
        dict.fromkeys(
            lookup.target_key
            for other in DATAVERSE_ENTITIES.values()
            for lookup in other.lookups.values()
            if lookup.target == entity_set
        )
    )


@cache
def _identity_columns(entity_set: str) -> tuple[tuple[str, ...], tuple[tuple[str, str], ...]]:
    """A row's plain key columns, and its parent lookups that are part of its alternate key."""
    entity = dataverse_entity(entity_set)
    plain = [name for name in entity.alternate_key if not name.startswith("_")]
    parents = tuple(
        (lookup.navigation, lookup.target_key)
        for lookup in entity.lookups.values()
        if lookup.column in entity.alternate_key and lookup.navigation != "msdyn_company"
    )
    return tuple(dict.fromkeys([*plain, *_target_keys(entity_set)])), parents


@cache
def _lookup_columns(entity_set: str) -> dict[str, tuple[str, Any]]:
    """Synapse Link's GUID column of each lookup -> (navigation property, lookup)."""
    return {
        lookup.column.removeprefix("_").removesuffix("_value"): (nav, lookup)
        for nav, lookup in dataverse_entity(entity_set).lookups.items()
    }


def _natural(entity_set: str, row: Row) -> tuple[Any, ...]:
    """What identifies a row for its GUID: its company, its parents and every key a lookup names it by."""
    names, parents = _identity_columns(entity_set)
    parent_keys = ((row.get(navigation) or {}).get(key) for navigation, key in parents)
    values = (row.get(name) for name in names if row.get(name) is not None)
    return (_company(row), *parent_keys, *values)


class SynapseExport:
    """Writes a Synapse Link folder for Dataverse rows given in the native schema (expanded lookups)."""

    def __init__(self, root: Path, rows: dict[str, list[Row]]):
        """`rows`: every row any snapshot will hold, by entity set: lookups find their targets' GUIDs."""
        self.root = root
        self.guids: dict[tuple[str, tuple[Any, ...]], str] = {}
        self.targets: dict[tuple[str, str | None, str, Any], str] = {}  # (set, company, key column, value)
        self.lookup_rows: dict[str, list[Row]] = {CURRENCY_SET: [], COMPANY_SET: []}
        for entity_set, table_rows in rows.items():
            for row in table_rows:
                self._register(entity_set, row)
        for table_rows in rows.values():
            for row in table_rows:
                for nav in ("transactioncurrencyid", "msdyn_company"):
                    self._ensure_lookup_row(row.get(nav))
        for entity_set, table_rows in self.lookup_rows.items():
            for row in table_rows:
                self._register(entity_set, row)

    def _register(self, entity_set: str, row: Row) -> None:
        primary_key = dataverse_entity(entity_set).primary_key
        natural = _natural(entity_set, row)
        row_guid = row.get(primary_key) or self.guids.get((entity_set, natural))
        row_guid = row_guid or str(uuid.uuid5(NAMESPACE, f"{entity_set}:{natural}"))
        self.guids[(entity_set, natural)] = row_guid
        for name in _target_keys(entity_set):
            if row.get(name) is not None:
                self.targets[(entity_set, _company(row), name, row[name])] = row_guid

    def _ensure_lookup_row(self, value: Any) -> None:
        if not isinstance(value, dict):
            return
        if "isocurrencycode" in value:
            wanted = (CURRENCY_SET, {"isocurrencycode": value["isocurrencycode"]})
        else:
            wanted = (
                COMPANY_SET,
                {"cdm_companycode": value["cdm_companycode"], "cdm_name": value["cdm_companycode"]},
            )
        if wanted[1] not in self.lookup_rows[wanted[0]]:
            self.lookup_rows[wanted[0]].append(wanted[1])

    def guid(self, entity_set: str, row: Row) -> str:
        return self.guids[(entity_set, _natural(entity_set, row))]

    def _target_guid(self, entity_set: str, row: Row, nav: str, value: dict[str, Any]) -> str:
        lookup = dataverse_entity(entity_set).lookups[nav]
        target_company = None if not dataverse_entity(lookup.target).company_specific else _company(row)
        return self.targets[(lookup.target, target_company, lookup.target_key, value[lookup.target_key])]

    def write(
        self,
        folder: str | None,
        tables: dict[str, list[Line | Row]],
        *,
        partitions: int = 2,
        with_lookup_tables: bool = True,
    ) -> Path:
        """One snapshot: `folder` None writes model.json at the root, else in a time-stamped subfolder."""
        base = self.root / folder if folder else self.root
        base.mkdir(parents=True, exist_ok=True)
        lines = {
            entity_set: [item if isinstance(item, Line) else Line(item) for item in items]
            for entity_set, items in tables.items()
        }
        if with_lookup_tables:
            lines = {
                **{name: [Line(row) for row in rows] for name, rows in self.lookup_rows.items()},
                **lines,
            }
        entities = [
            self._write_table(base, folder, entity_set, table_lines, partitions)
            for entity_set, table_lines in lines.items()
        ]
        (base / "model.json").write_text(
            json.dumps({"name": "cdm", "version": "1.0", "entities": entities}, indent=1)
        )
        return base

    def _attributes(self, entity_set: str, lines: list[Line]) -> list[str]:
        entity = dataverse_entity(entity_set)
        plain, lookups = [], []
        for line in lines:
            for name in line.row:
                if name.startswith("@"):
                    continue
                if name in entity.lookups:
                    column = entity.lookups[name].column.removeprefix("_").removesuffix("_value")
                    lookups.append(column)
                    if column != name:  # a polymorphic lookup names its target table beside the GUID
                        lookups.append(f"{column}_entitytype")
                else:
                    plain.append(name)
        return [
            "Id",
            "SinkCreatedOn",
            "SinkModifiedOn",
            *dict.fromkeys(plain),
            *dict.fromkeys(lookups),
            "versionnumber",
            "IsDelete",
        ]

    def _cells(self, entity_set: str, attributes: list[str], line: Line) -> list[str]:
        entity = dataverse_entity(entity_set)
        by_column = _lookup_columns(entity_set)
        row = line.row
        cells = []
        for attribute in attributes:
            if attribute == "Id":
                cells.append(self.guid(entity_set, row))
            elif attribute in ("SinkCreatedOn", "SinkModifiedOn"):
                cells.append("12/01/2026 08:00:00")
            elif attribute == "versionnumber":
                cells.append(str(line.version))
            elif attribute == "IsDelete":
                cells.append("1" if line.deleted else "")
            elif line.deleted:
                cells.append(self.guid(entity_set, row) if attribute == entity.primary_key else "")
            elif attribute.endswith("_entitytype"):
                nav, lookup = by_column[attribute.removesuffix("_entitytype")]
                cells.append(_table(lookup.target) if isinstance(row.get(nav), dict) else "")
            elif attribute in by_column:
                nav, _ = by_column[attribute]
                value = row.get(nav)
                cells.append(
                    self._target_guid(entity_set, row, nav, value) if isinstance(value, dict) else ""
                )
            else:
                cells.append(_cell(row.get(attribute)))
        return cells

    def _write_table(
        self, base: Path, folder: str | None, entity_set: str, lines: list[Line], partitions: int
    ) -> dict[str, Any]:
        table = _table(entity_set)
        attributes = self._attributes(entity_set, lines)
        (base / table).mkdir(exist_ok=True)
        size = max(1, -(-len(lines) // partitions))
        items = []
        for number, start in enumerate(range(0, max(len(lines), 1), size), start=1):
            name = f"{2024 + number}.csv"
            out = io.StringIO()
            writer = csv.writer(out, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
            for line in lines[start : start + size]:
                writer.writerow(self._cells(entity_set, attributes, line))
            (base / table / name).write_text(out.getvalue(), encoding="utf-8")
            location = "/".join(part for part in (STORAGE, folder, table, name) if part)
            items.append(
                {
                    "name": name[:-4],
                    "location": location,
                    "fileFormatSettings": {
                        "$type": "CsvFormatSettings",
                        "columnHeaders": False,
                        "delimiter": ",",
                        "quoteStyle": "QuoteStyle.Csv",
                    },
                }
            )
        return {
            "$type": "LocalEntity",
            "name": table,
            "description": table,
            "attributes": [{"name": name, "dataType": "string"} for name in attributes],
            "partitions": items,
        }


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "True" if value else "False"
    if isinstance(value, str) and len(value) == 20 and value.endswith("Z") and value[10] == "T":
        return value[:-1] + ".0000000Z"  # Synapse Link writes seven fraction digits
    return str(value)
