"""Moved to hooks/core/mdscan.py; this name stays until every importer uses the new one."""

from hooks.core.mdscan import FENCE_RE, fenced_lines

__all__ = ["FENCE_RE", "fenced_lines"]
