"""The relationship graph around golden records: neighbourhood, shortest path, organisation tree, and
the edges stewards assert."""

from typing import Annotated

from fastapi import APIRouter, Query, status

from app.core.deps import Reader, SessionDep, Steward
from app.graph import analysis, service
from app.graph.schemas import EdgePublic, OrganizationTree, PathAnswer, RelationshipGraph, StewardEdgeCreate

router = APIRouter(tags=["relationships"])

MAX_DEPTH = 4
MAX_NODES = 1000
TypesQuery = Annotated[
    list[str] | None,
    Query(description="Edge types to follow (repeat or comma-separate); all when absent.", max_length=20),
]


def _types(types: list[str] | None) -> list[str] | None:
    wanted = sorted({t.strip() for value in types or [] for t in value.split(",") if t.strip()})
    return wanted or None


@router.get("/golden-records/{golden_id}/relationships", response_model=RelationshipGraph)
def get_relationships(
    golden_id: str,
    session: SessionDep,
    _principal: Reader,
    types: TypesQuery = None,
    depth: Annotated[int, Query(ge=1, le=MAX_DEPTH, description="Edges away from the record.")] = 1,
    max_nodes: Annotated[int, Query(ge=1, le=MAX_NODES, description="At most this many goldens.")] = 200,
) -> RelationshipGraph:
    """The goldens within `depth` edges of this one, as node-link JSON; `truncated` when the bound cut it."""
    return analysis.relationships(session, golden_id, depth=depth, types=_types(types), max_nodes=max_nodes)


@router.get("/golden-records/{golden_id}/path-to/{other_id}", response_model=PathAnswer)
def get_path(
    golden_id: str,
    other_id: str,
    session: SessionDep,
    _principal: Reader,
    types: TypesQuery = None,
    max_depth: Annotated[int, Query(ge=1, le=8, description="Longest path looked for.")] = 6,
    max_nodes: Annotated[int, Query(ge=2, le=MAX_NODES * 5)] = 2000,
) -> PathAnswer:
    """The shortest chain of relationships between two golden records, within the bounds."""
    return analysis.shortest_path(
        session, golden_id, other_id, max_depth=max_depth, types=_types(types), max_nodes=max_nodes
    )


@router.get("/golden-records/{golden_id}/organization-tree", response_model=OrganizationTree)
def get_organization_tree(golden_id: str, session: SessionDep, _principal: Reader) -> OrganizationTree:
    """The organisation's hierarchy from its topmost parent down, with the accounts each one bills to."""
    return analysis.organization_tree(session, golden_id)


@router.post(
    "/golden-records/{golden_id}/relationships",
    response_model=EdgePublic,
    status_code=status.HTTP_201_CREATED,
)
def add_relationship(
    golden_id: str, body: StewardEdgeCreate, session: SessionDep, _principal: Steward
) -> EdgePublic:
    """Assert a relationship from this golden record to another, with its type and reason (audited)."""
    return service.add_steward_edge(session, golden_id, body)


@router.delete("/golden-records/{golden_id}/relationships/{edge_id}", response_model=EdgePublic)
def remove_relationship(
    golden_id: str,
    edge_id: int,
    session: SessionDep,
    _principal: Steward,
    reason: Annotated[str, Query(min_length=1, max_length=500, description="Why; the audit trail keeps it.")],
) -> EdgePublic:
    """End a steward's relationship; it stays on record with who ended it and why (audited)."""
    return service.remove_steward_edge(session, golden_id, edge_id, reason=reason)
