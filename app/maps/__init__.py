"""The entity maps of dual-write-reference.md as data, and the registry of accepted entity sets."""
