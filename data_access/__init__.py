"""Database, validated importers and queries for the dashboard's sources."""
