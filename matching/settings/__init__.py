"""Versioned model settings shipped with the package."""
