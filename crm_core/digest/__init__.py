"""Managers' digests: what happened since the last one (content), as text (text) and a chart (chart)."""
