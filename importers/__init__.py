"""Importers: other datasets read into claims.yaml (ACLED)."""
