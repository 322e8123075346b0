"""A golden record's console pages: the record with its lineage, sources and actions; its history; its
relationship graph and organisation tree; and the candidates a merge can pick from."""

import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlmodel import Session

from app.console.services import charts
from app.core.concurrency import etag
from app.core.pagination import PageParams
from app.golden import repository as golden_repository
from app.golden import search
from app.golden import view as golden_view
from app.golden.schemas import (
    GoldenRecordPublic,
    GoldenRecordSummary,
    GoldenRecordVersionPublic,
    LinkedSource,
)
from app.graph import analysis as graph_analysis
from app.graph.schemas import OrganizationTree, RelationshipGraph
from app.stewardship.service import OVERRIDABLE
from matching.survivorship import OVERRIDE_RULE

HISTORY_PAGE_SIZE = 20
GRAPH_DEPTH = 2
GRAPH_MAX_NODES = 150
MERGE_CANDIDATES = 10
_GOLDEN_ID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", re.IGNORECASE)
_PHONE = re.compile(r"^[+()\d\s./-]{6,}$")


@dataclass(frozen=True)
class AttributeRow:
    name: str
    value: Any
    rule: str | None
    source: str | None
    overridden_by: str | None
    override_reason: str | None
    alternatives: list[tuple[Any, str]]


@dataclass
class GoldenPage:
    record: GoldenRecordPublic
    attributes: list[AttributeRow]
    overridable: list[str]
    as_of: datetime | None
    pairs: list[dict[str, Any]] = field(default_factory=list)

    @property
    def etag(self) -> str:
        return etag(self.record.version)

    @property
    def actionable(self) -> bool:
        return self.as_of is None and self.record.status == "active"

    def source_label(self, source: LinkedSource) -> str:
        return source_label(source.system, source.entity_set, source.company, source.key)


def source_label(system: str, entity_set: str, company: str, key: str) -> str:
    return f"{system} {entity_set} {company}/{key}"


def golden_page(session: Session, golden_id: str, *, as_of: datetime | None = None) -> GoldenPage:
    record = golden_view.golden_record_view(session, golden_id, as_of=as_of)
    names = sorted(set(record.attributes) | set(record.lineage))
    rows = [
        _attribute_row(name, record.attributes.get(name), record.lineage.get(name) or {}) for name in names
    ]
    labels = {s.id: source_label(s.system, s.entity_set, s.company, s.key) for s in record.sources}
    pairs = [
        {
            **pair,
            "left_label": labels.get(pair["left_record_id"], str(pair["left_record_id"])),
            "right_label": labels.get(pair["right_record_id"], str(pair["right_record_id"])),
            "steps": charts.waterfall_steps(pair["explanation"]),
        }
        for pair in record.match_pairs
    ]
    return GoldenPage(record, rows, sorted(OVERRIDABLE), as_of, pairs)


def _attribute_row(name: str, value: Any, lineage: dict[str, Any]) -> AttributeRow:
    overridden = lineage.get("rule") == OVERRIDE_RULE
    source = None
    if lineage.get("system"):
        source = source_label(lineage["system"], lineage["entity_set"], lineage["company"], lineage["key"])
    alternatives = [
        (
            alternative.get("value"),
            source_label(
                alternative["system"], alternative["entity_set"], alternative["company"], alternative["key"]
            ),
        )
        for alternative in lineage.get("alternatives", [])
        if alternative.get("system")
    ]
    return AttributeRow(
        name=name,
        value=value,
        rule=lineage.get("rule"),
        source=source,
        overridden_by=lineage.get("actor") if overridden else None,
        override_reason=lineage.get("reason") if overridden else None,
        alternatives=alternatives,
    )


@dataclass
class HistoryPage:
    record: GoldenRecordPublic
    versions: list[GoldenRecordVersionPublic]
    count: int
    offset: int
    limit: int


def history_page(session: Session, golden_id: str, *, offset: int) -> HistoryPage:
    record = golden_view.golden_record_view(session, golden_id)
    page = golden_view.history(
        session, golden_id, page=PageParams(limit=HISTORY_PAGE_SIZE, offset=offset), newest_first=True
    )
    return HistoryPage(record, page.data, page.count, offset, HISTORY_PAGE_SIZE)


@dataclass
class GraphPage:
    record: GoldenRecordPublic
    graph: RelationshipGraph
    tree: OrganizationTree | None
    names: dict[str, str]

    @property
    def script_data(self) -> dict[str, Any]:
        """What the page's script draws: nodes with the page each opens, and the edges."""
        return {
            "root": self.graph.root,
            "nodes": [
                {
                    "id": node["id"],
                    "display_name": node.get("display_name") or node["id"],
                    "party_type": node.get("party_type"),
                    "depth": node.get("depth", 0),
                    "href": f"/console/golden-records/{node['id']}/graph",
                }
                for node in self.graph.nodes
            ],
            "edges": [
                {"source": edge["source"], "target": edge["target"], "type": edge.get("type", "")}
                for edge in self.graph.edges
            ],
        }


def graph_page(session: Session, golden_id: str) -> GraphPage:
    record = golden_view.golden_record_view(session, golden_id)
    graph = graph_analysis.relationships(
        session, record.merged_into or record.id, depth=GRAPH_DEPTH, types=None, max_nodes=GRAPH_MAX_NODES
    )
    tree = None
    if record.party_type == "organization" and record.status == "active":
        tree = graph_analysis.organization_tree(session, record.id)
    names = {node["id"]: node.get("display_name") or node["id"] for node in graph.nodes}
    return GraphPage(record, graph, tree, names)


def merge_candidates(session: Session, golden_id: str, query: str) -> list[GoldenRecordSummary]:
    """Active golden records a steward may mean: an id pasted whole, an e-mail address, a phone number,
    or a name (fuzzy, best first)."""
    query = query.strip()
    if not query:
        return []
    page = PageParams(limit=MERGE_CANDIDATES + 1, offset=0)
    if _GOLDEN_ID.match(query):
        golden = golden_repository.get(session, query.lower())
        if golden is None or golden.status != "active":
            return []
        summaries = [
            GoldenRecordSummary(
                id=golden.id,
                party_type=golden.party_type,
                display_name=golden.display_name,
                version=golden.version,
                score=None,
                attributes=golden.attributes,
            )
        ]
    else:
        email = query if "@" in query else None
        phone = query if email is None and _PHONE.match(query) else None
        name = query if email is None and phone is None else None
        summaries = search.search_golden_records(
            session,
            name=name,
            email_address=email,
            phone_number=phone,
            company=None,
            party_type=None,
            page=page,
        ).data
    return [summary for summary in summaries if summary.id != golden_id][:MERGE_CANDIDATES]
