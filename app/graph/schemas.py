"""Request and response bodies of the relationship endpoints."""

from datetime import datetime
from typing import Any

from pydantic import BaseModel, Field

EDGE_TYPE_PATTERN = "^[a-z][a-z0-9_]{0,31}$"


class StewardEdgeCreate(BaseModel):
    to_golden_id: str = Field(max_length=36, description="The other golden record.")
    type: str = Field(
        pattern=EDGE_TYPE_PATTERN,
        description="What the relationship is: parent_account, bill_to, contact_person, or a steward's own "
        "type such as subsidiary or partner.",
    )
    reason: str = Field(min_length=1, max_length=500, description="Why; the audit trail keeps it.")


class EdgePublic(BaseModel):
    id: int
    type: str
    origin: str = Field(description="source (derived from a row), inferred, or steward")
    from_golden_id: str
    to_golden_id: str
    lineage: dict[str, Any] = Field(
        description="The source row and field, the inference and its evidence, or the steward and reason."
    )
    reason: str
    valid_from: datetime
    valid_to: datetime | None


class RelationshipGraph(BaseModel):
    """node-link JSON (networkx.node_link_data) of the goldens around one golden record."""

    root: str = Field(description="The golden the graph is around (the survivor when a merged id was asked).")
    depth: int
    types: list[str] | None
    truncated: bool = Field(description="True when the node bound left goldens within the depth out.")
    max_nodes: int
    directed: bool
    multigraph: bool
    graph: dict[str, Any]
    nodes: list[dict[str, Any]]
    edges: list[dict[str, Any]]


class PathAnswer(BaseModel):
    found: bool
    length: int | None = Field(description="Edges on the shortest path; null when none was found.")
    nodes: list[dict[str, Any]] = Field(description="The goldens on the path, in order.")
    edges: list[dict[str, Any]] = Field(description="The edge taken at each step.")
    truncated: bool = Field(description="True when the search stopped at its bounds before finding a path.")


class OrganizationTree(BaseModel):
    id: str
    root: str = Field(description="The topmost parent organisation.")
    ancestors: list[str] = Field(description="From the record's parent up to the root.")
    tree: dict[str, Any] = Field(
        description="Nested from the root: each node with its bill-to accounts and its children."
    )
    truncated: bool
