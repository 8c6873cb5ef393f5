"""Exporters from a validated resume to other formats (JSON Resume, ...)."""
