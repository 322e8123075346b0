"""Golden-record versions: the whole record as it stood, and what changed from one version to the next."""

from typing import Any

from models import GoldenRecordVersion

STATE_FIELDS = ("party_type", "status", "merged_into", "display_name", "rules_version")


def state(values: dict[str, Any], source_ids: list[int]) -> dict[str, Any]:
    """The part of a golden record its history keeps: every column a reader sees, and its members."""
    return {
        **{name: values[name] for name in STATE_FIELDS},
        "attributes": values["attributes"],
        "lineage": values["lineage"],
        "sources": sorted(source_ids),
    }


def changes(before: dict[str, Any] | None, after: dict[str, Any]) -> dict[str, Any]:
    """What differs between two states: each changed attribute with its value before and after,
    the source records that joined or left, and any changed status, merge target or party type."""
    before = before or {"attributes": {}, "sources": []}
    old, new = before["attributes"], after["attributes"]
    if old:
        names = sorted(set(old) | set(new))
        attributes = {
            name: {"before": old.get(name), "after": new.get(name)}
            for name in names
            if old.get(name) != new.get(name)
        }
    else:  # a new record: every value it has is a change
        attributes = {
            name: {"before": None, "after": new[name]} for name in sorted(new) if new[name] is not None
        }
    changed: dict[str, Any] = {"attributes": attributes}
    added = sorted(set(after["sources"]) - set(before["sources"]))
    removed = sorted(set(before["sources"]) - set(after["sources"]))
    if added or removed:
        changed["sources"] = {"added": added, "removed": removed}
    for name in ("status", "merged_into", "party_type"):
        if before.get(name) != after.get(name):
            changed[name] = {"before": before.get(name), "after": after.get(name)}
    return changed


def replay(versions: list[GoldenRecordVersion]) -> dict[str, Any]:
    """The state reached by applying each version's changes in order (what the history claims)."""
    current: dict[str, Any] = {"attributes": {}, "sources": []}
    for version in versions:
        change = version.changes
        attributes = dict(current["attributes"])
        for name, values in change.get("attributes", {}).items():
            if values["after"] is None:
                attributes.pop(name, None)
            else:
                attributes[name] = values["after"]
        current["attributes"] = attributes
        if "sources" in change:
            members = (set(current["sources"]) | set(change["sources"]["added"])) - set(
                change["sources"]["removed"]
            )
            current["sources"] = sorted(members)
        for name in ("status", "merged_into", "party_type"):
            if name in change:
                current[name] = change[name]["after"]
    return current
