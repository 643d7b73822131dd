"""The dashboard over the DuckDB file (issue 7)."""
